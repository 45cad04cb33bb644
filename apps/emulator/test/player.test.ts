import { request as httpRequest } from 'node:http';
import { EMBED_PATH } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { PLAYER_ERRORS, SEED, signTestToken } from '../src/index.ts';
import type { DenyReason } from '../src/index.ts';
import { A, T0, T0_MS, apiKey, call, createToken, useTestEmulator } from './helpers.ts';

const S = SEED.streams;
const emu = useTestEmulator();

interface Page {
  status: number;
  html: string;
  verdict?: string;
  reason?: string;
  code?: string;
  headers: Headers;
}

const attr = (html: string, name: string) =>
  new RegExp(`<html[^>]* ${name}="([^"]*)"`).exec(html)?.[1];

async function open(
  groupId: string | undefined,
  token?: string,
  headers: Record<string, string> = {},
  path = EMBED_PATH,
): Promise<Page> {
  const url = new URL(path, emu.url);
  if (groupId !== undefined) url.searchParams.set('group.id', groupId);
  if (token !== undefined) url.searchParams.set('group.security.jwtoken', token);
  const res = await fetch(url, { headers });
  const html = await res.text();
  return {
    status: res.status,
    html,
    verdict: attr(html, 'data-verdict'),
    reason: attr(html, 'data-reason'),
    code: attr(html, 'data-error-code'),
    headers: res.headers,
  };
}

/** node:http lets the test choose the Host header, which fetch does not. */
function openWithHost(groupId: string, token: string, host: string): Promise<string> {
  const url = new URL(EMBED_PATH, emu.url);
  url.searchParams.set('group.id', groupId);
  url.searchParams.set('group.security.jwtoken', token);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject).end();
  });
}

const expectDenied = (page: Page, reason: DenyReason) => {
  expect(page.verdict).toBe('denied');
  expect(page.reason).toBe(reason);
  expect(page.status).toBe(403);
  expect(page.code).toBe(String(PLAYER_ERRORS[reason].code));
  expect(page.html).toContain('<h1>Playback denied</h1>');
  expect(page.html).toContain(PLAYER_ERRORS[reason].summary);
};

describe('playout test page: allowed', () => {
  it('should allow a streams token and describe stream, validity and restrictions', async () => {
    const token = await createToken(emu, {
      streams: [S.cupFinal.name],
      exp: T0 + 3600,
      ip: '127.0.0.1',
      tag: 'vip',
    });
    const page = await open(S.cupFinal.id, token);
    expect(page.status).toBe(200);
    expect(page.verdict).toBe('allowed');
    expect(page.reason).toBeUndefined();
    expect(page.html).toMatch(/^<!doctype html>\n<html lang="en"/);
    expect(page.html).toContain('<title>Playback allowed: DmEvt-CupFn</title>');
    expect(page.html).toContain('<h1>Playback allowed</h1>');
    expect(page.html).toContain(new Date(T0_MS).toISOString());
    expect(page.html).toContain(new Date((T0 + 3600) * 1000).toISOString());
    expect(page.html).toContain('<dt>Client IP</dt><dd>127.0.0.1</dd>');
    expect(page.html).toContain('<dt>Tag</dt><dd>vip</dd>');
    expect(page.html).toMatch(/role="img" aria-label="Animated test picture for DmEvt-CupFn"/);
    expect(page.html).toContain('@keyframes sweep');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('should allow the ABR group for a groupid token, a rendition name or an orgawide token', async () => {
    for (const body of [
      { groupid: SEED.abrGroupId },
      { streams: [S.concert240.name] },
      { orgawide: true },
    ]) {
      const page = await open(SEED.abrGroupId, await createToken(emu, body));
      expect(page.verdict, JSON.stringify(body)).toBe('allowed');
      expect(page.html).toContain('DmEvt-Cn480');
    }
  });

  it('should match the domain against the Referer host, case-insensitively', async () => {
    const token = await createToken(emu, { orgawide: true, domain: 'Shop.Example.com' });
    const page = await open(S.cupFinal.id, token, { referer: 'https://shop.example.COM/live?x=1' });
    expect(page.verdict).toBe('allowed');
  });

  it('should fall back to the Host header when no Referer is sent', async () => {
    const token = await createToken(emu, { orgawide: true, domain: 'player.example.com' });
    const allowed = await openWithHost(S.cupFinal.id, token, 'Player.Example.com:8080');
    expect(attr(allowed, 'data-verdict')).toBe('allowed');
    const denied = await openWithHost(S.cupFinal.id, token, 'other.example.com');
    expect(attr(denied, 'data-reason')).toBe('referer-mismatch');
  });

  it('should serve the release player path with the same parameters', async () => {
    const token = await createToken(emu, { orgawide: true });
    const page = await open(S.cupFinal.id, token, {}, '/nanoplayer/release/nanoplayer.html');
    expect(page.verdict).toBe('allowed');
  });

  it('should allow an organisation without the secure package without a token', async () => {
    const page = await open(S.welcome.id);
    expect(page.verdict).toBe('allowed');
    expect(page.html).toContain('no token is needed');
  });
});

describe('playout test page: denied', () => {
  it('should deny a missing token with 4903', async () => {
    expectDenied(await open(S.cupFinal.id), 'missing-token');
  });

  it('should deny an expired token from exp on, exactly to the second', async () => {
    const token = await createToken(emu, { orgawide: true, exp: T0 + 60 });
    emu.clock.ms = T0_MS + 59_000;
    expect((await open(S.cupFinal.id, token)).verdict).toBe('allowed');
    emu.clock.ms = T0_MS + 60_000;
    const page = await open(S.cupFinal.id, token);
    expectDenied(page, 'expired');
    expect(page.code).toBe('4903');
  });

  it('should deny an already expired out-of-band token', async () => {
    const token = await signTestToken(emu.dataDir, {
      orgawide: true,
      iat: T0 - 7200,
      nbf: T0 - 7200,
      exp: T0 - 1,
    });
    expectDenied(await open(S.cupFinal.id, token), 'expired');
  });

  it('should deny a token before its nbf', async () => {
    const token = await createToken(emu, { orgawide: true, nbf: T0 + 120 });
    expectDenied(await open(S.cupFinal.id, token), 'not-yet-valid');
  });

  it('should deny a revoked token', async () => {
    const token = await createToken(emu, { orgawide: true, revocable: true });
    const res = await call(emu, 'POST', '/api/v1/splay/revoke', {
      body: { token },
      headers: apiKey(A.apiKey),
    });
    expect(res.status).toBe(204);
    expectDenied(await open(S.cupFinal.id, token), 'revoked');
  });

  it('should deny another stream of the same organisation', async () => {
    const token = await createToken(emu, { streams: [S.cupFinal.name] });
    expectDenied(await open(S.marathon.id, token), 'out-of-scope');
    const groupToken = await createToken(emu, { groupid: S.cupFinal.id });
    expectDenied(await open(SEED.abrGroupId, groupToken), 'out-of-scope');
  });

  it('should deny an orgawide token on another organisation group', async () => {
    const token = await createToken(emu, { orgawide: true });
    expectDenied(await open(S.newsDesk.id, token), 'out-of-scope');
  });

  it('should deny a token bound to another IP', async () => {
    const token = await createToken(emu, { orgawide: true, ip: '203.0.113.9' });
    const page = await open(S.cupFinal.id, token);
    expectDenied(page, 'ip-mismatch');
    expect(page.html).toContain('Token IP 203.0.113.9, request from 127.0.0.1.');
  });

  it('should deny a token bound to another referring domain', async () => {
    const token = await createToken(emu, { orgawide: true, domain: 'shop.example.com' });
    expectDenied(
      await open(S.cupFinal.id, token, { referer: 'https://evil.example.net/' }),
      'referer-mismatch',
    );
  });

  it('should deny a token with a foreign signature with 4901', async () => {
    const token = await signTestToken(
      emu.dataDir,
      { orgawide: true },
      { foreignKey: true, now: () => T0_MS },
    );
    const page = await open(S.cupFinal.id, token);
    expectDenied(page, 'bad-signature');
    expect(page.code).toBe('4901');
  });

  it('should deny a malformed token with 4901', async () => {
    expectDenied(await open(S.cupFinal.id, 'not.a.jwt'), 'malformed');
  });

  it('should deny an unknown or missing group', async () => {
    expectDenied(await open('no-such-group', 'x'), 'unknown-group');
    expectDenied(await open(undefined), 'unknown-group');
  });

  it('should escape everything it echoes', async () => {
    const evil = '<script>alert(1)</script>"';
    const denied = await open(evil);
    expect(denied.html).not.toContain('<script>');
    expect(denied.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    const token = await signTestToken(
      emu.dataDir,
      { orgawide: true, user: '<img src=x onerror=alert(1)>' },
      { now: () => T0_MS },
    );
    const allowed = await open(S.cupFinal.id, token);
    expect(allowed.verdict).toBe('allowed');
    expect(allowed.html).not.toContain('<img');
    expect(allowed.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(allowed.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
  });
});
