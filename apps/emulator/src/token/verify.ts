import { splayClaimsSchema } from '@ptd/contracts';
import type { SplayClaims } from '@ptd/contracts';
import { compactVerify, decodeJwt, decodeProtectedHeader } from 'jose';
import type { RevocationStore } from '../store/revocations.ts';
import type { SigningKey } from '../store/signing-key.ts';

/**
 * Why a token is refused, in the order the checks run (jsonwebtoken's order: signature,
 * then nbf, then exp; revocation last, as the edge looks it up only for a sound token).
 */
export type TokenFailure =
  | 'malformed' // not a JWT at all
  | 'invalid-claims' // signed by us but not a playback token (wrong aud/iss or shape)
  | 'bad-signature'
  | 'not-yet-valid'
  | 'expired'
  | 'revoked';

export type VerifyResult =
  | { ok: true; claims: SplayClaims }
  | { ok: false; reason: TokenFailure; message: string; claims?: SplayClaims };

export interface VerifyOptions {
  key: SigningKey;
  revocations: RevocationStore;
  nowSeconds: number;
  /** Revoke checks signature and ownership only; it must not trip over time or revocation. */
  skipTimeAndRevocation?: boolean;
}

const failure = (reason: TokenFailure, message: string, claims?: SplayClaims): VerifyResult => ({
  ok: false,
  reason,
  message,
  ...(claims ? { claims } : {}),
});

/** Checks a playback token the way the token service and the edge do, against our key only. */
export async function verifyPlaybackToken(
  token: string,
  opts: VerifyOptions,
): Promise<VerifyResult> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(token);
    payload = decodeJwt(token);
  } catch {
    return failure('malformed', 'Malformed JWT');
  }
  // An unknown kid means the edge has no key to check with: same verdict as a bad signature.
  if (header.kid !== opts.key.kid) return failure('bad-signature', 'invalid signature');
  try {
    await compactVerify(token, opts.key.publicKey, { algorithms: ['EdDSA'] });
  } catch {
    return failure('bad-signature', 'invalid signature');
  }
  const aud = payload.aud;
  if (!(aud === 'splay' || (Array.isArray(aud) && aud.includes('splay')))) {
    return failure('invalid-claims', 'jwt audience invalid. expected: splay');
  }
  if (payload.iss !== 'nanocosmos') {
    return failure('invalid-claims', 'jwt issuer invalid. expected: nanocosmos');
  }
  const parsed = splayClaimsSchema.safeParse(payload);
  if (!parsed.success) return failure('invalid-claims', 'jwt malformed');
  const claims = parsed.data;
  if (opts.skipTimeAndRevocation) return { ok: true, claims };

  if (claims.nbf > opts.nowSeconds) return failure('not-yet-valid', 'jwt not active', claims);
  if (claims.exp <= opts.nowSeconds) return failure('expired', 'jwt expired', claims);
  if (opts.revocations.isRevoked(claims.jti)) return failure('revoked', 'jwt revoked', claims);
  return { ok: true, claims };
}
