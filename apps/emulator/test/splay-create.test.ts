import { splayClaimsSchema } from '@ptd/contracts';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { SEED } from '../src/index.ts';
import {
  A,
  B,
  C,
  DAY,
  T0,
  apiKey,
  bintuToken,
  call,
  createToken,
  nanoError,
  useTestEmulator,
} from './helpers.ts';

const cup = SEED.streams.cupFinal.name;
const emu = useTestEmulator();

const create = (body: unknown, headers: Record<string, string> = apiKey(A.apiKey)) =>
  call(emu, 'POST', '/api/v1/splay', { body, headers });

describe('POST /api/v1/splay success', () => {
  it('should mint an EdDSA JWT with the standard claims and a 14-day default lifetime', async () => {
    const res = await create({ streams: [cup] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const token = (res.body as { data: { token: string } }).data.token;
    expect(res.body).toEqual({ success: true, data: { token } });
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'EdDSA',
      kid: expect.stringMatching(/^emu-/),
      typ: 'JWT',
    });
    const claims = splayClaimsSchema.parse(decodeJwt(token));
    expect(claims).toEqual({
      aud: 'splay',
      iss: 'nanocosmos',
      sub: SEED.organisations.demoEvents.id,
      iat: T0,
      nbf: T0,
      exp: T0 + 14 * DAY,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      streams: [cup],
    });
  });

  it('should carry every requested restriction as a claim', async () => {
    const token = await createToken(emu, {
      groupid: SEED.abrGroupId,
      nbf: T0 + 60,
      exp: T0 + 3600,
      revocable: true,
      forceDisconnect: true,
      ip: '203.0.113.7',
      domain: 'shop.example.com',
      tag: 'table 7',
      user: 'aaa-bbb-ccc-ddd',
    });
    expect(decodeJwt(token)).toMatchObject({
      groupid: SEED.abrGroupId,
      nbf: T0 + 60,
      exp: T0 + 3600,
      revocable: true,
      forceDisconnect: true,
      ip: '203.0.113.7',
      domain: 'shop.example.com',
      tag: 'table 7',
      user: 'aaa-bbb-ccc-ddd',
    });
  });

  it('should default a revocable token to 24 hours and mint orgawide tokens', async () => {
    const claims = decodeJwt(await createToken(emu, { orgawide: true, revocable: true }));
    expect(claims).toMatchObject({ orgawide: true, revocable: true, exp: T0 + DAY });
    expect(claims.streams).toBeUndefined();
  });

  it('should accept admin and user bintu tokens and give each token its own jti', async () => {
    const admin = decodeJwt(await createToken(emu, { orgawide: true }, bintuToken(A.adminToken)));
    const user = decodeJwt(await createToken(emu, { orgawide: true }, bintuToken(A.userToken)));
    expect(user.sub).toBe(SEED.organisations.demoEvents.id);
    expect(admin.jti).not.toBe(user.jti);
  });
});

describe('POST /api/v1/splay credentials and roles', () => {
  it.each([
    ['no credential', {}],
    ['an unknown API key', apiKey('nope')],
    ['an unknown bintu token', bintuToken('nope')],
    ['a bintu token sent as API key', apiKey(A.adminToken)],
  ])('should answer 403/1001 for %s', async (_label, headers) => {
    const res = await create({ orgawide: true }, headers);
    expect(res.status).toBe(403);
    expect(res.body).toEqual(nanoError(1001, 'Provided APIKey is not valid'));
  });

  it('should refuse a read-only bintu token with 403/2001 Access denied', async () => {
    const res = await create({ orgawide: true }, bintuToken(A.readonlyToken));
    expect(res.status).toBe(403);
    expect(res.body).toEqual(nanoError(2001, 'Access denied'));
  });

  it('should refuse an organisation without the secure package with 403/2002', async () => {
    const res = await create({ orgawide: true }, apiKey(C.apiKey));
    expect(res.status).toBe(403);
    expect(res.body).toEqual(nanoError(2002, 'Organisation is not enabled for secure playback'));
  });
});

describe('POST /api/v1/splay parameters', () => {
  it.each([
    ['no target', {}, /^Parameter required: one of streams, groupid or orgawide$/],
    [
      'two targets',
      { orgawide: true, streams: [cup] },
      /exactly one of streams, groupid or orgawide/,
    ],
    ['an empty streams list', { streams: [] }, /^Parameter invalid: streams/],
    ['orgawide false', { orgawide: false }, /^Parameter invalid: orgawide/],
    ['exp as a string', { orgawide: true, exp: '1796730841' }, /^Parameter invalid: exp/],
    ['an unknown stream', { streams: ['DmEvt-Nope1'] }, /unknown stream\(s\).*DmEvt-Nope1/],
    ['a stream of another org', { streams: [SEED.streams.newsDesk.name] }, /unknown stream/],
    ['an unknown group', { groupid: 'not-a-group' }, /unknown groupid/],
    ['a group of another org', { groupid: SEED.streams.newsDesk.id }, /unknown groupid/],
    ['exp in the past', { orgawide: true, exp: T0 - 1 }, /exp must be in the future/],
    ['exp equal to now', { orgawide: true, exp: T0 }, /exp must be in the future/],
    ['exp in milliseconds', { orgawide: true, exp: (T0 + 60) * 1000 }, /not milliseconds/],
    ['nbf in milliseconds', { orgawide: true, nbf: T0 * 1000 }, /nbf must be UNIX seconds/],
    ['nbf equal to exp', { orgawide: true, nbf: T0 + 60, exp: T0 + 60 }, /nbf must be before exp/],
    ['an invalid ip', { orgawide: true, ip: '300.1.1.1' }, /ip must be an IPv4/],
    ['a domain with a scheme', { orgawide: true, domain: 'https://x.com' }, /domain must be/],
    ['a wildcard domain', { orgawide: true, domain: '*.example.com' }, /domain must be/],
    ['a tag over 256 characters', { orgawide: true, tag: 'x'.repeat(257) }, /tag must be at most/],
    ['a JSON array body', [], /^Parameter required: one of/],
  ])('should answer 400/1000 for %s', async (_label, body, message) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(nanoError(1000, message));
  });

  it('should answer 400/1000 for a body that is not JSON', async () => {
    const res = await call(emu, 'POST', '/api/v1/splay', {
      raw: '{oops',
      headers: apiKey(A.apiKey),
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(nanoError(1000, /^Parameter required: a JSON object body$/));
  });

  it('should answer 400/1000 for a non-JSON content type', async () => {
    const res = await fetch(`${emu.url}/api/v1/splay`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...apiKey(A.apiKey) },
      body: '{"orgawide":true}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(
      nanoError(1000, 'Parameter required: content-type application/json'),
    );
  });

  it('should let partner media mint only for its own streams', async () => {
    const token = await createToken(
      emu,
      { streams: [SEED.streams.newsDesk.name] },
      apiKey(B.apiKey),
    );
    expect(decodeJwt(token).sub).toBe(SEED.organisations.partnerMedia.id);
  });
});
