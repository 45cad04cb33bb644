import { chmod } from 'node:fs/promises';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { z } from 'zod';
import { createJsonFileExclusive, dataFile, ensureDataDir, readJsonFile } from './data-dir.ts';

export const SIGNING_ALG = 'EdDSA';
const KEY_FILE = 'signing-key.json';

const storedKeySchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().min(1),
  d: z.string().min(1),
  kid: z.string().min(1),
});

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public half as published in the JWKS. */
  publicJwk: JWK;
}

async function generateStoredKey(): Promise<z.infer<typeof storedKeySchema>> {
  const { privateKey } = await generateKeyPair('Ed25519', { extractable: true });
  const jwk = await exportJWK(privateKey);
  // The kid follows the key (RFC 7638 thumbprint): a new data dir never reuses an old kid,
  // so a client's cached JWKS cannot silently match a different key.
  const thumbprint = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });
  return storedKeySchema.parse({ ...jwk, kid: `emu-${thumbprint.slice(0, 16)}` });
}

/**
 * Loads the Ed25519 key of this data directory, creating it on first use. The key survives
 * restarts so tokens minted before a restart still verify after it.
 */
export async function loadSigningKey(dataDir: string): Promise<SigningKey> {
  await ensureDataDir(dataDir);
  const path = dataFile(dataDir, KEY_FILE);
  let stored = await readJsonFile(path);
  if (stored === undefined) {
    const created = await generateStoredKey();
    const won = await createJsonFileExclusive(path, created);
    stored = won ? created : await readJsonFile(path);
  }
  await chmod(path, 0o600); // repair a key file copied around with looser permissions
  const key = storedKeySchema.parse(stored);
  const publicJwk: JWK = { kty: key.kty, crv: key.crv, x: key.x };
  return {
    kid: key.kid,
    privateKey: (await importJWK({ ...publicJwk, d: key.d }, SIGNING_ALG)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, SIGNING_ALG)) as CryptoKey,
    publicJwk: { ...publicJwk, kid: key.kid, alg: SIGNING_ALG, use: 'sig' },
  };
}

export const jwksOf = (key: SigningKey) => ({ keys: [key.publicJwk] });
