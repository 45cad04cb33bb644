import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/fixture.ts';

let dist: string;
beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'bff-dist-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
});
afterAll(() => rm(dist, { recursive: true, force: true }));

const { t, clients } = useTestApp({
  env: () => ({ WEB_DIST_DIR: dist }),
  clients: { admin: 'admin' },
});

describe('a route asked with a method it does not answer', () => {
  it('should answer 405 with Allow, signed in, not a CSRF refusal', async () => {
    for (const [method, url] of [
      ['PUT', '/api/tokens'],
      ['DELETE', '/api/session/options'],
      ['PATCH', '/api/tokens'],
    ] as const) {
      const response = await clients.admin.request(method, url, { noCsrf: true });
      expect(response.statusCode, `${method} ${url}`).toBe(405);
      expect(response.json().code).toBe('method-not-allowed');
      expect(response.headers.allow).toContain('GET');
    }
  });

  it('should name the methods of a path with a parameter', async () => {
    const response = await clients.admin.request('PUT', '/api/tokens/abc');
    expect(response.statusCode).toBe(405);
    const allowed = String(response.headers.allow).split(', ');
    expect(allowed).toContain('GET');
    expect(allowed).not.toContain('PUT');
    expect(response.json().message).toBe(
      `PUT is not answered at /api/tokens/abc: use ${allowed.join(', ')}.`,
    );
  });

  it('should answer GET /playback-token with 405, not the SPA page', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/playback-token?x=1' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('OPTIONS, POST');
    expect(response.body).not.toContain('id="root"');
  });

  it('should keep 404 for a path no route has, signed in or not', async () => {
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const signedIn = await clients.admin.request(method, '/api/nothing-here', { noCsrf: true });
      expect(signedIn.statusCode, method).toBe(404);
      expect(signedIn.json().code).toBe('not-found');
      const anonymous = await t.app.inject({ method, url: '/api/nothing-here' });
      expect(anonymous.statusCode, method).toBe(404);
    }
  });

  it('should still serve the SPA for pages and refuse a cross-site write with CSRF', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/tokens' })).body).toContain('id="root"');
    const crossSite = await clients.admin.request('POST', '/api/tokens', {
      body: {},
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().code).toBe('csrf');
  });
});
