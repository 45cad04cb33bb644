import { describe, expect, it } from 'vitest';
import { SEED, signTestToken } from '../src/index.ts';
import {
  A,
  B,
  DAY,
  T0_MS,
  apiKey,
  bintuToken,
  call,
  createToken,
  nanoError,
  useTestEmulator,
} from './helpers.ts';

const emu = useTestEmulator();

const revoke = (token: unknown, headers: Record<string, string> = apiKey(A.apiKey)) =>
  call(emu, 'POST', '/api/v1/splay/revoke', { body: { token }, headers });
const verify = (token: string) => call(emu, 'POST', '/api/v1/splay/verify', { body: { token } });
const revocable = () =>
  createToken(emu, { streams: [SEED.streams.cupFinal.name], revocable: true });

describe('POST /api/v1/splay/revoke', () => {
  it('should answer 204 with an empty body, and 204 again when revoking twice', async () => {
    const token = await revocable();
    const first = await revoke(token);
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    expect((await revoke(token, bintuToken(A.userToken))).status).toBe(204);
    expect((await verify(token)).body).toMatchObject({ errorCode: 1002, message: 'jwt revoked' });
  });

  it('should keep revocations across a restart of the same data dir', async () => {
    const token = await revocable();
    expect((await revoke(token, bintuToken(A.adminToken))).status).toBe(204);
    await emu.restart();
    expect((await verify(token)).body).toMatchObject({ message: 'jwt revoked' });
  });

  it('should answer 400/2011 for a token created without revocable', async () => {
    const token = await createToken(emu, { orgawide: true });
    const res = await revoke(token);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(nanoError(2011, 'The token is not allowed for revocation'));
    expect((await verify(token)).status).toBe(200);
  });

  it('should answer 403/2012 when the token belongs to another organisation', async () => {
    const token = await revocable();
    const res = await revoke(token, apiKey(B.apiKey));
    expect(res.status).toBe(403);
    expect(res.body).toEqual(
      nanoError(2012, 'The provided token doesent belong to your organisation'),
    );
    expect((await verify(token)).status).toBe(200);
  });

  it('should answer 400/2004 for a malformed token', async () => {
    const res = await revoke('garbage');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(nanoError(2004, 'Malformed JWT'));
  });

  it('should answer 403/1001 for a bad credential before looking at the token', async () => {
    const res = await revoke('garbage', apiKey('wrong'));
    expect(res.status).toBe(403);
    expect(res.body).toEqual(nanoError(1001, 'Provided APIKey is not valid'));
  });

  it('should answer 403/2001 for a read-only credential', async () => {
    const res = await revoke(await revocable(), bintuToken(A.readonlyToken));
    expect(res.status).toBe(403);
    expect(res.body).toEqual(nanoError(2001, 'Access denied'));
  });

  it('should answer 403/1002 "invalid signature" for a token we did not sign', async () => {
    const forged = await signTestToken(emu.dataDir, { revocable: true }, { foreignKey: true });
    expect((await revoke(forged)).body).toEqual(nanoError(1002, 'invalid signature'));
  });

  it('should revoke an expired token within 24 h after exp and refuse it after that', async () => {
    const token = await createToken(emu, {
      orgawide: true,
      revocable: true,
      exp: T0_MS / 1000 + 60,
    });
    const other = await createToken(emu, {
      orgawide: true,
      revocable: true,
      exp: T0_MS / 1000 + 60,
    });
    emu.clock.ms = T0_MS + (60 + DAY - 1) * 1000;
    expect((await revoke(token)).status).toBe(204);
    emu.clock.ms = T0_MS + (60 + DAY) * 1000;
    const late = await revoke(other);
    expect(late.status).toBe(403);
    expect(late.body).toEqual(nanoError(1002, 'jwt expired'));
  });

  it('should answer 400/1000 when the token is missing', async () => {
    const res = await call(emu, 'POST', '/api/v1/splay/revoke', {
      body: {},
      headers: apiKey(A.apiKey),
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(nanoError(1000, 'Parameter required: token'));
  });
});
