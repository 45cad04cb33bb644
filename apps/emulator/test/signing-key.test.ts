import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED } from '../src/index.ts';
import { T0_MS, call, createToken, startTestEmulator } from './helpers.ts';
import type { TestEmulator } from './helpers.ts';

const started: TestEmulator[] = [];
async function start(dataDir?: string) {
  const emu = await startTestEmulator(dataDir);
  started.push(emu);
  return emu;
}
afterEach(async () => {
  for (const emu of started.splice(0).reverse()) await emu.close();
});

const jwksOf = async (emu: TestEmulator) => (await call(emu, 'GET', '/.well-known/jwks.json')).body;

describe('signing key and JWKS', () => {
  it('should publish one public Ed25519 key at both JWKS paths', async () => {
    const emu = await start();
    const jwks = (await jwksOf(emu)) as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: expect.any(String),
      kid: expect.stringMatching(/^emu-/),
      alg: 'EdDSA',
      use: 'sig',
    });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    expect((await call(emu, 'GET', '/api/v1/splay/jwks')).body).toEqual(jwks);
  });

  it('should mint tokens that jose verifies against the remote JWKS with the requested claims', async () => {
    const emu = await start();
    const token = await createToken(emu, {
      streams: [SEED.streams.cupFinal.name],
      ip: '127.0.0.1',
      user: 'viewer-1',
    });
    const jwks = createRemoteJWKSet(new URL(`${emu.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      audience: 'splay',
      issuer: 'nanocosmos',
      algorithms: ['EdDSA'],
      currentDate: new Date(T0_MS),
    });
    expect(protectedHeader.typ).toBe('JWT');
    expect(payload).toMatchObject({
      streams: [SEED.streams.cupFinal.name],
      ip: '127.0.0.1',
      user: 'viewer-1',
      sub: SEED.organisations.demoEvents.id,
    });
  });

  it('should keep the key in a 0600 file and reuse it after a restart', async () => {
    const emu = await start();
    const before = await jwksOf(emu);
    const token = await createToken(emu, { orgawide: true });
    expect((await stat(join(emu.dataDir, 'signing-key.json'))).mode & 0o777).toBe(0o600);

    await emu.restart();
    expect(await jwksOf(emu)).toEqual(before);
    const verify = await call(emu, 'POST', '/api/v1/splay/verify', { body: { token } });
    expect(verify.status).toBe(200);
  });

  it('should give a different data dir a different key and kid', async () => {
    const one = await start();
    const two = await start();
    const token = await createToken(one, { orgawide: true });
    const kids = [await jwksOf(one), await jwksOf(two)].map(
      (jwks) => (jwks as { keys: { kid: string }[] }).keys[0]?.kid,
    );
    expect(kids[0]).not.toBe(kids[1]);
    const verify = await call(two, 'POST', '/api/v1/splay/verify', { body: { token } });
    expect(verify.body).toMatchObject({ errorCode: 1002, message: 'invalid signature' });
    expect(decodeJwt(token).aud).toBe('splay');
  });
});
