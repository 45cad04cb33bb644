import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { useTestApp } from '../helpers/fixture.ts';

let dist: string;

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'bff-dist-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(path.join(dist, 'favicon.svg'), '<svg/>');
});
const { t, emulator } = useTestApp({ env: () => ({ WEB_DIST_DIR: dist }) });
afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('serving the built SPA', () => {
  it('should serve hashed assets cached for a year, immutable', async () => {
    const response = await get('/assets/index-abc123.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('should serve index.html at / without caching', async () => {
    const response = await get('/');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('id="root"');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('should answer client-side routes with index.html', async () => {
    const response = await get('/tokens/overview?status=active');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('id="root"');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('should serve other files revalidated, not immutable', async () => {
    expect((await get('/favicon.svg')).headers['cache-control']).toBe('no-cache');
  });

  it('should keep JSON 404s for unknown /api routes and missing assets', async () => {
    const api = await get('/api/unknown');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ code: 'not-found' });
    expect((await get('/assets/missing-123.js')).statusCode).toBe(404);
  });

  it('should not serve index.html for non-GET requests', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/tokens' })).statusCode).toBe(404);
  });
});

describe('without a web build', () => {
  it('should say so in the log and serve the API only', async () => {
    const apiOnly = await createTestApp({
      upstreamUrl: emulator.url,
      env: { WEB_DIST_DIR: path.join(dist, 'nope') },
    });
    try {
      expect(apiOnly.logs.some((l) => String(l.msg).includes('web build not found'))).toBe(true);
      expect((await apiOnly.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
      expect((await apiOnly.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await apiOnly.close();
    }
  });
});
