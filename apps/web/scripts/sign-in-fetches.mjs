// What Chromium fetches for the sign-in page until its password field is usable: the built app
// served over HTTP (gzip, as a compressing server sends it), signed out, from a fresh profile.
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The SPA as the BFF serves it, with every /api request answered "not signed in". */
function serve(dist) {
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname.startsWith('/api/')) {
      response.writeHead(401, { 'content-type': 'application/json' });
      return response.end('{"code":"unauthenticated","message":"Sign in to continue."}');
    }
    const file = normalize(join(dist, pathname));
    const asset = pathname.startsWith('/assets/') && file.startsWith(dist) && existsSync(file);
    const body = readFileSync(asset ? file : join(dist, 'index.html'));
    const headers = { 'content-type': TYPES[asset ? extname(file) : '.html'] ?? 'text/plain' };
    if (/\bgzip\b/.test(String(request.headers['accept-encoding']))) {
      response.writeHead(200, { ...headers, 'content-encoding': 'gzip' });
      return response.end(gzipSync(body, { level: 9 }));
    }
    response.writeHead(200, headers);
    response.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The scripts index.html names (entry and modulepreload): the first round of fetches. */
function firstRound(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  return new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]));
}

/**
 * For each path, loaded signed out in a new context: every JS file requested before the
 * password field can be typed into, with the bytes the browser received for it.
 */
export async function signInFetches(dist, paths) {
  const server = await serve(dist);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
  });
  const named = firstRound(dist);
  const results = [];
  try {
    for (const path of paths) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const requests = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.endsWith('.js')) requests.push(request);
      });
      await page.goto(base + path);
      // Actionable: visible, enabled and editable (fill waits for all three).
      await page.locator('input[name="password"]').fill('x', { timeout: 30_000 });
      const before = [...requests];
      const files = [];
      for (const request of before) {
        await request.response();
        const file = new URL(request.url()).pathname;
        files.push({
          file,
          bytes: (await request.sizes()).responseBodySize,
          named: named.has(file),
        });
      }
      results.push({ path, files });
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return results;
}
