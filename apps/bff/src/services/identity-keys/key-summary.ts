import type { JwksKeySummary } from '@ptd/contracts';
import { importJWK, type JSONWebKeySet, type JWK } from 'jose';
import { KeySetError } from './fetch-key-set.ts';

/** Public-key algorithms only: a JWKS never verifies an HMAC token (no algorithm confusion). */
export const JWKS_ALGORITHMS = [
  ...['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  ...['ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'],
];

/** What a key without `alg` is tried as, to see that it is a key at all. */
const DEFAULT_ALG: Record<string, string> = {
  RSA: 'RS256',
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
  Ed25519: 'EdDSA',
};

/** Members only a private (or symmetric) key has. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

export interface LoadedKeys {
  jwks: JSONWebKeySet;
  /** What staff are shown: the usable keys, at most 20. */
  keys: JwksKeySummary[];
}

async function usable(key: JWK): Promise<boolean> {
  if (key.kty !== 'RSA' && key.kty !== 'EC' && key.kty !== 'OKP') return false;
  if (key.use !== undefined && key.use !== 'sig') return false;
  if (key.key_ops !== undefined && !key.key_ops.includes('verify')) return false;
  if (key.alg !== undefined && !JWKS_ALGORITHMS.includes(key.alg)) return false;
  const alg = key.alg ?? DEFAULT_ALG[key.kty === 'RSA' ? 'RSA' : (key.crv ?? '')];
  if (!alg) return false;
  try {
    await importJWK(key, alg);
    return true;
  } catch {
    return false;
  }
}

/**
 * The key set's public signing keys, or a KeySetError: not a key set, no usable key, or a
 * private key published by mistake (the whole set is refused then: the site must fix it).
 */
export async function loadKeys(json: unknown): Promise<LoadedKeys> {
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (typeof json !== 'object' || !Array.isArray(keys)) {
    throw new KeySetError('the answer is not a JSON key set ({"keys": […]}).', 'invalid');
  }
  const candidates = keys.filter(
    (key): key is JWK => typeof key === 'object' && key !== null && !Array.isArray(key),
  );
  if (candidates.some((key) => key.kty !== 'oct' && PRIVATE_MEMBERS.some((m) => m in key))) {
    throw new KeySetError(
      'the key set holds a private key. Publish public keys only, and replace that key: it is no longer secret.',
      'invalid',
    );
  }
  const found: JWK[] = [];
  for (const key of candidates) if (await usable(key)) found.push(key);
  if (found.length === 0) {
    throw new KeySetError(
      'the key set holds no public signing key (RSA, EC or Ed25519 for signatures).',
      'invalid',
    );
  }
  return {
    jwks: { keys: found },
    keys: found.slice(0, 20).map((key) => ({
      kid: key.kid ?? null,
      kty: key.kty as string,
      alg: key.alg ?? null,
      crv: key.crv ?? null,
    })),
  };
}
