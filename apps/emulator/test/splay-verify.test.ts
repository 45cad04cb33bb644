import { describe, expect, it } from 'vitest';
import { SEED, signTestToken } from '../src/index.ts';
import {
  A,
  DAY,
  T0,
  T0_MS,
  apiKey,
  call,
  createToken,
  nanoError,
  useTestEmulator,
} from './helpers.ts';

const emu = useTestEmulator();

const verify = (token: unknown) => call(emu, 'POST', '/api/v1/splay/verify', { body: { token } });
const signed = (claims: Record<string, unknown>, foreignKey = false) =>
  signTestToken(emu.dataDir, claims, { now: () => T0_MS, foreignKey });

describe('POST /api/v1/splay/verify', () => {
  it('should echo a valid token without any credential', async () => {
    const token = await createToken(emu, { streams: [SEED.streams.cupFinal.name] });
    const res = await verify(token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: { token } });
  });

  it('should answer 403/1002 "jwt expired" from exp on, exactly to the second', async () => {
    const token = await createToken(emu, { orgawide: true, exp: T0 + 60 });
    emu.clock.ms = T0_MS + 59_999;
    expect((await verify(token)).status).toBe(200);
    emu.clock.ms = T0_MS + 60_000;
    const res = await verify(token);
    expect(res.status).toBe(403);
    expect(res.body).toEqual(nanoError(1002, 'jwt expired'));
  });

  it('should answer 403/1002 "jwt not active" before nbf', async () => {
    const token = await createToken(emu, { orgawide: true, nbf: T0 + 30 });
    const res = await verify(token);
    expect(res.status).toBe(403);
    expect(res.body).toEqual(nanoError(1002, 'jwt not active'));
    emu.clock.ms = T0_MS + 30_000;
    expect((await verify(token)).status).toBe(200);
  });

  it('should answer 403/1002 "invalid signature" for a foreign signature', async () => {
    const res = await verify(await signed({ orgawide: true }, true));
    expect(res.status).toBe(403);
    expect(res.body).toEqual(nanoError(1002, 'invalid signature'));
  });

  it('should answer 403/1002 "jwt revoked" for a revoked token', async () => {
    const token = await createToken(emu, { orgawide: true, revocable: true });
    const revoke = await call(emu, 'POST', '/api/v1/splay/revoke', {
      body: { token },
      headers: apiKey(A.apiKey),
    });
    expect(revoke.status).toBe(204);
    expect((await verify(token)).body).toEqual(nanoError(1002, 'jwt revoked'));
  });

  it('should answer 403/1002 for a token of ours with the wrong audience', async () => {
    const res = await verify(await signed({ orgawide: true, aud: 'other' }));
    expect(res.body).toEqual(nanoError(1002, 'jwt audience invalid. expected: splay'));
  });

  it('should verify an out-of-band token signed with the emulator key', async () => {
    const token = await signed({ orgawide: true, exp: T0 + 365 * DAY });
    expect((await verify(token)).status).toBe(200);
  });

  it.each([['not a jwt'], ['a.b.c'], ['eyJhbGciOiJFZERTQSJ9.e30']])(
    'should answer 400/2004 "Malformed JWT" for %j',
    async (token) => {
      const res = await verify(token);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(nanoError(2004, 'Malformed JWT'));
    },
  );

  it.each([[{}], [{ token: '' }], [{ token: 42 }]])(
    'should answer 400/1000 "Parameter required: token" for %j',
    async (body) => {
      const res = await call(emu, 'POST', '/api/v1/splay/verify', { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(nanoError(1000, 'Parameter required: token'));
    },
  );
});
