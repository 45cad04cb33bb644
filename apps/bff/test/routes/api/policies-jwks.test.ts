import type { PlaybackPolicy } from '@ptd/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../helpers/client.ts';
import { startSiteKeys, type SiteKeys } from '../../helpers/identity.ts';
import { startConnectionRecorder, type ConnectionRecorder } from '../../helpers/jwks-server.ts';
import { createPolicy, policyInput } from '../../helpers/policies.ts';
import { useTestApp, useTestUpstream } from '../../helpers/fixture.ts';

/**
 * A policy's JWKS URL makes the BFF fetch from wherever staff point it, on behalf of anonymous
 * viewers. It is fetched once on save; what the rules refuse is a 400 on the field and is never
 * contacted.
 */

let site: SiteKeys;
let recorder: ConnectionRecorder;

beforeAll(async () => {
  site = await startSiteKeys();
  recorder = await startConnectionRecorder();
});
afterAll(async () => {
  await recorder.close();
  await site.close();
});

const upstream = useTestUpstream();
/** IDENTITY_JWKS_ALLOW_HTTP_LOOPBACK=true, as for local testing. */
const {
  clients: { localEditor },
} = useTestApp({
  upstream,
  env: { IDENTITY_JWKS_ALLOW_HTTP_LOOPBACK: 'true' },
  clients: { localEditor: 'editor' },
});
/** The setting off, as in production. */
const {
  clients: { strictEditor },
} = useTestApp({ upstream, clients: { strictEditor: 'editor' } });

const withKeysAt = (editor: Client, jwksUrl: string) =>
  editor.post('/api/policies', policyInput({ identity: { mode: 'jwks', jwksUrl } }));

const expectRefusedUrl = (response: LightMyRequestResponse, message: RegExp) => {
  expect(response.statusCode, response.body).toBe(400);
  expect(response.json()).toMatchObject({
    code: 'invalid-request',
    issues: [{ path: 'identity.jwksUrl', message: expect.stringMatching(message) }],
  });
};

describe('JWKS URL checks when a policy is saved', () => {
  it('should load the keys over http from 127.0.0.1 when local testing is enabled, and show their ids', async () => {
    const before = site.requests();
    const response = await withKeysAt(localEditor, site.url);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<PlaybackPolicy>().identity).toEqual({
      mode: 'jwks',
      jwksUrl: site.url,
      keys: [{ kid: 'site-key-1', kty: 'EC', alg: 'ES256', crv: 'P-256' }],
      issuer: null,
      audience: null,
    });
    expect(site.requests()).toBe(before + 1);
  });

  it('should refuse the same URL when local testing is not enabled, without contacting it', async () => {
    const before = site.requests();
    expectRefusedUrl(await withKeysAt(strictEditor, site.url), /^JWKS URL: .*https/);
    expect(site.requests()).toBe(before);
  });

  it.each([
    ['127.0.0.1', (port: number) => `https://127.0.0.1:${port}/jwks.json`],
    ['[::1]', (port: number) => `https://[::1]:${port}/jwks.json`],
    ['localhost', (port: number) => `https://localhost:${port}/jwks.json`],
    ['a *.localhost name', (port: number) => `https://keys.localhost:${port}/jwks.json`],
    ['an IPv4-mapped loopback', (port: number) => `https://[::ffff:127.0.0.1]:${port}/jwks.json`],
  ])('should refuse %s and never connect to it', async (_, url) => {
    const before = recorder.connections();
    expectRefusedUrl(await withKeysAt(strictEditor, url(recorder.port)), /not a public address/);
    expect(recorder.connections()).toBe(before);
  });

  it.each([
    'https://10.1.2.3/jwks.json',
    'https://172.16.5.4/jwks.json',
    'https://192.168.1.1/jwks.json',
    'https://100.64.0.1/jwks.json',
    'https://169.254.169.254/latest/meta-data/',
    'https://0.0.0.0/jwks.json',
    'https://224.0.0.1/jwks.json',
    'https://198.18.0.1/jwks.json',
    'https://240.0.0.1/jwks.json',
    'https://[fd00::1]/jwks.json',
    'https://[fe80::1]/jwks.json',
    'https://[::]/jwks.json',
    'https://[64:ff9b::a00:1]/jwks.json',
  ])('should refuse %s even when local testing is enabled', async (url) => {
    expectRefusedUrl(await withKeysAt(localEditor, url), /not a public address/);
  });

  it('should refuse cloud metadata host names', async () => {
    for (const url of [
      'https://metadata.google.internal/computeMetadata/v1/',
      'https://metadata.goog/jwks.json',
    ]) {
      expectRefusedUrl(await withKeysAt(localEditor, url), /not a public address/);
    }
  });

  it('should refuse a redirect from the allowed server to another address on this machine', async () => {
    for (const target of [
      `http://127.0.0.1:${recorder.port}/jwks.json`,
      `https://localhost:${recorder.port}/jwks.json`,
      `https://169.254.169.254/latest/meta-data/`,
    ]) {
      site.server.fail({ redirect: target });
      const response = await withKeysAt(localEditor, site.url);
      site.server.fail(null);
      expectRefusedUrl(response, /redirect.*not a public address/);
    }
    expect(recorder.connections()).toBe(0);
  });

  it('should follow up to three redirects on the allowed server itself, and no more', async () => {
    try {
      site.server.fail({ redirects: 3 });
      expect((await withKeysAt(localEditor, site.url)).statusCode).toBe(201);
      site.server.fail({ redirects: 4 });
      expectRefusedUrl(await withKeysAt(localEditor, site.url), /more than 3 redirects/);
    } finally {
      site.server.fail(null);
    }
  });

  it('should refuse a key set larger than 64 KB, one that is not JSON and a failing server', async () => {
    site.server.fail('oversized');
    expectRefusedUrl(await withKeysAt(localEditor, site.url), /larger than 64 KB/);
    site.server.fail('not-json');
    expectRefusedUrl(await withKeysAt(localEditor, site.url), /not a JSON key set/);
    site.server.fail('status-500');
    expectRefusedUrl(await withKeysAt(localEditor, site.url), /HTTP 500/);
    site.server.fail(null);
  });

  it('should give up on a slow key set within 3 seconds', async () => {
    site.server.fail('slow');
    const started = Date.now();
    const response = await withKeysAt(localEditor, site.url);
    site.server.fail(null);
    expectRefusedUrl(response, /within 3 seconds/);
    expect(Date.now() - started).toBeLessThan(4500);
  });

  it('should refuse a key set without usable public signing keys', async () => {
    const { jwk } = site;
    for (const keys of [
      [],
      [{ kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' }],
      [{ ...jwk, use: 'enc' }],
      [{ ...jwk, alg: 'HS256' }],
    ]) {
      site.server.publish({ keys });
      expectRefusedUrl(await withKeysAt(localEditor, site.url), /no public signing key/);
    }
    site.server.publish({ keys: [{ ...jwk, d: 'bm90IGEgcmVhbCBrZXk' }] });
    expectRefusedUrl(await withKeysAt(localEditor, site.url), /private key/);
    site.server.publish({ keys: [jwk] });
  });

  it('should fetch again only when the URL changes on an update', async () => {
    const policy = await createPolicy(localEditor, {
      identity: { mode: 'jwks', jwksUrl: site.url },
    });
    const before = site.requests();
    const renamed = await localEditor.request('PUT', `/api/policies/${policy.id}`, {
      body: policyInput({ name: 'Renamed', identity: { mode: 'jwks', jwksUrl: site.url } }),
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json<PlaybackPolicy>().identity).toMatchObject({
      keys: [{ kid: 'site-key-1' }],
    });
    expect(site.requests()).toBe(before);
    const moved = await localEditor.request('PUT', `/api/policies/${policy.id}`, {
      body: policyInput({
        identity: { mode: 'jwks', jwksUrl: `https://10.0.0.8/jwks.json` },
      }),
    });
    expectRefusedUrl(moved, /not a public address/);
  });
});
