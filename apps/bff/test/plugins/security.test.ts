import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { staffClient } from '../helpers/client.ts';
import { useTestApp } from '../helpers/fixture.ts';

const {
  t,
  emulator,
  clients: { admin },
} = useTestApp({ clients: { admin: 'admin' } });

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('security headers', () => {
  it('should send a strict CSP, no-referrer and frame-ancestors none on API answers', async () => {
    const response = await get('/api/session');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('should forbid framing with X-Frame-Options DENY, as the CSP does', async () => {
    for (const url of ['/api/session', '/healthz', '/']) {
      expect((await get(url)).headers['x-frame-options']).toBe('DENY');
    }
  });

  it('should send HSTS only on answers to HTTPS requests', async () => {
    // Plain http, even when the client claims otherwise without a trusted proxy.
    expect((await get('/api/session')).headers['strict-transport-security']).toBeUndefined();
    const claimed = await t.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(claimed.headers['strict-transport-security']).toBeUndefined();

    const proxied = await createTestApp({
      upstreamUrl: emulator.url,
      env: { TRUST_PROXY: 'loopback' },
    });
    try {
      const https = await proxied.app.inject({
        method: 'GET',
        url: '/api/session',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(https.headers['strict-transport-security']).toBe(
        'max-age=31536000; includeSubDomains',
      );
      const http = await proxied.app.inject({ method: 'GET', url: '/api/session' });
      expect(http.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await proxied.close();
    }
  });

  it('should switch off powerful browser features the dashboard never uses', async () => {
    for (const url of ['/api/session', '/', '/examples/viewer']) {
      const policy = String((await get(url)).headers['permissions-policy']);
      for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) {
        expect(policy, url).toContain(`${feature}=()`);
      }
      // The copy buttons write to the clipboard.
      expect(policy).toContain('clipboard-write=(self)');
      // The viewer page hands autoplay and fullscreen to the player's frame: left to the page.
      expect(policy).not.toMatch(/autoplay|fullscreen/);
    }
  });

  it('should keep every staff API answer out of browser and proxy caches', async () => {
    // Who is signed in with their CSRF token, staff, sessions, the audit log, the ledger, and
    // refusals: none of it may stay on the disk of a shared computer after signing out.
    for (const url of [
      '/api/session',
      '/api/staff',
      '/api/sessions',
      '/api/audit',
      '/api/tokens',
      '/api/policies',
      '/api/tokens/not-a-token-id',
      '/api/nothing-here',
    ]) {
      const response = await admin.get(url);
      expect(response.headers['cache-control'], `${url} (${response.statusCode})`).toBe('no-store');
    }
    const signedOut = await get('/api/session');
    expect(signedOut.statusCode).toBe(401);
    expect(signedOut.headers['cache-control']).toBe('no-store');
  });

  it('should not advertise the server software', async () => {
    expect((await get('/healthz')).headers['x-powered-by']).toBeUndefined();
  });
});

describe('API docs', () => {
  it('should serve the OpenAPI document generated from the zod schemas to signed-in staff', async () => {
    const response = await admin.get('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/session',
      '/api/tokens',
      '/api/tokens/{id}/revoke',
      '/api/tokens/inspect',
      '/api/streams',
      '/api/streams/{id}',
      '/api/organisation',
      '/api/staff',
      '/api/staff/{id}',
      '/api/audit',
      '/healthz',
      '/readyz',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/api/tokens'].post.requestBody).toBeDefined();
    expect(JSON.stringify(doc.paths['/api/tokens'].get.parameters)).toContain('status');
  });

  it('should serve the docs page to signed-in staff with its own CSP, scoped to the docs', async () => {
    const response = await admin.get('/api/docs/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    // The browser tab says what it is, as the dashboard's own pages do.
    expect(response.body).toContain('<title>API documentation · nanoStream Cloud</title>');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("form-action 'self'");
    expect((await admin.get('/api/docs/static/swagger-ui-bundle.js')).statusCode).toBe(200);
  });

  it('should describe no route to someone signed out', async () => {
    for (const url of [
      '/api/openapi.json',
      '/api/docs/json',
      '/api/docs/yaml',
      '/api/docs/static/swagger-initializer.js',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(401);
      expect(response.json(), url).toMatchObject({
        code: 'unauthenticated',
        message: 'Sign in to the dashboard to read its API documentation.',
      });
      expect(response.body, url).not.toContain('/api/tokens');
    }
    // Swagger UI's own files are the same for every site and say nothing of this API.
    const library = await get('/api/docs/static/swagger-ui-bundle.js');
    expect(library.statusCode).toBe(200);
    expect(library.body).not.toContain('/api/tokens');
  });

  it('should show a browser opening the docs signed out where to sign in, with nothing of the API', async () => {
    for (const url of ['/api/docs', '/api/docs/', '/api/docs/static/index.html']) {
      const response = await t.app.inject({
        method: 'GET',
        url,
        headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      });
      expect(response.statusCode, url).toBe(401);
      expect(response.headers['content-type'], url).toContain('text/html');
      expect(response.body, url).toContain('The API documentation is for the dashboard');
      expect(response.body, url).toContain('<a href="/">Sign in to the dashboard</a>');
      expect(response.body, url).not.toContain('swagger');
      expect(response.headers['cache-control'], url).toBe('no-store');
      expect(String(response.headers['content-security-policy']), url).toContain(
        "frame-ancestors 'none'",
      );
    }
  });

  it('should serve the docs to anyone with API_DOCS=public, and not at all with API_DOCS=off', async () => {
    const open = await createTestApp({ upstreamUrl: emulator.url, env: { API_DOCS: 'public' } });
    try {
      const doc = await open.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(doc.statusCode).toBe(200);
      expect(Object.keys(doc.json().paths)).toContain('/api/tokens');
      expect((await open.app.inject({ method: 'GET', url: '/api/docs/' })).statusCode).toBe(200);
    } finally {
      await open.close();
    }
    const off = await createTestApp({ upstreamUrl: emulator.url, env: { API_DOCS: 'off' } });
    try {
      const signedIn = await staffClient(off.app, 'admin');
      for (const url of ['/api/openapi.json', '/api/docs/', '/api/docs/json']) {
        expect((await signedIn.get(url)).statusCode, url).toBe(404);
      }
      // Everything else still answers as usual.
      expect((await signedIn.get('/api/tokens')).statusCode).toBe(200);
    } finally {
      await off.close();
    }
  });
});

describe('not found', () => {
  it('should answer an unknown /api route with a JSON 404', async () => {
    const response = await get('/api/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not-found' });
  });

  it('should answer unsupported content types with 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'unsupported-media-type' });
  });

  it('should answer broken JSON with 400', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid-request' });
  });
});

describe('GET /healthz', () => {
  it('should answer ok without touching the upstream', async () => {
    const response = await get('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});
