import { SignJWT } from 'jose';
import type { CryptoKey, JWTPayload } from 'jose';
import { SIGNING_ALG } from '../store/signing-key.ts';

/**
 * Signs claims as they are, with the header the real service uses
 * (`{"alg":"EdDSA","kid":…,"typ":"JWT"}`). Times are already in the payload, so jose's
 * setIssuedAt & co. are not used: they would read the wall clock, not the emulator's.
 */
export function signClaims(claims: JWTPayload, key: CryptoKey, kid: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: SIGNING_ALG, kid, typ: 'JWT' }).sign(key);
}
