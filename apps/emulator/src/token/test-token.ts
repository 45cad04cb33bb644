import { randomUUID } from 'node:crypto';
import { generateKeyPair } from 'jose';
import type { JWTPayload } from 'jose';
import { SEED } from '../seed/index.ts';
import { loadSigningKey } from '../store/signing-key.ts';
import { signClaims } from './sign.ts';

export interface TestTokenOptions {
  /** Clock in ms for the default iat/nbf/exp; defaults to Date.now. */
  now?: () => number;
  /**
   * Sign with a freshly generated key under the emulator's kid: the result looks genuine but
   * fails signature checks (verify answers 1002 "invalid signature", the player page 4901).
   */
  foreignKey?: boolean;
}

/**
 * Signs arbitrary claims with the emulator key of `dataDir`, bypassing every rule of
 * `POST /api/v1/splay` — for tests that need tokens the API would never issue (already
 * expired, far future nbf, wrong audience, foreign signature). Defaults: aud "splay",
 * iss "nanocosmos", sub = Demo Events, iat = nbf = now, exp = now + 1 h, a fresh jti.
 * A claim given as `undefined` is left out of the token.
 */
export async function signTestToken(
  dataDir: string,
  claims: Record<string, unknown> = {},
  options: TestTokenOptions = {},
): Promise<string> {
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  const merged: Record<string, unknown> = {
    aud: 'splay',
    iss: 'nanocosmos',
    sub: SEED.organisations.demoEvents.id,
    iat: now,
    nbf: now,
    exp: now + 3600,
    jti: randomUUID(),
    ...claims,
  };
  const payload = Object.fromEntries(
    Object.entries(merged).filter(([, value]) => value !== undefined),
  ) as JWTPayload;
  const key = await loadSigningKey(dataDir);
  const signingKey = options.foreignKey
    ? (await generateKeyPair('Ed25519')).privateKey
    : key.privateKey;
  return signClaims(payload, signingKey, key.kid);
}
