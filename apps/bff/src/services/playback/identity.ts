import { POLICY_LIMITS, TOKEN_LIMITS, hasControlCharacters } from '@ptd/contracts';
import type { FastifyRequest } from 'fastify';
import { errors, jwtVerify, type JWTVerifyOptions } from 'jose';
import type { PolicyRow } from '../../db/repositories/policy-record.ts';
import { open, type KeyList } from '../../lib/crypto.ts';
import { HttpError } from '../../lib/errors.ts';
import type { KeySetCache } from '../identity-keys/key-cache.ts';
import { JWKS_ALGORITHMS } from '../identity-keys/key-summary.ts';
import { secretContext } from '../../lib/crypto-contexts.ts';

const unauthorised = (code: string, message: string) =>
  new HttpError(401, code, message, {}, { 'www-authenticate': 'Bearer realm="playback-token"' });

/** The viewer identity JWT: `Authorization: Bearer …`, else the body's `identity`. */
export function identityFrom(request: FastifyRequest, bodyValue: string | undefined) {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? bodyValue;
}

function reasonOf(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTClaimValidationFailed) return error.message;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not match';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the site matches its signature';
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'it is signed with an algorithm not allowed';
  return 'it is not a well-formed signed JWT';
}

/**
 * Checks the viewer identity a policy asks for: a short-lived JWT the customer's site signs
 * (HS256 with the shared secret, or a key from its JWKS), with `exp`, `iat` at most
 * POLICY_LIMITS.identityMaxAgeSeconds old, and `sub`, which becomes the token's `user`.
 */
export class IdentityVerifier {
  constructor(
    private readonly now: () => number,
    private readonly ledgerKeys: KeyList,
    private readonly keySets: KeySetCache,
  ) {}

  /** The subject of a valid identity; undefined when the policy asks for none. */
  async subject(policy: PolicyRow, token: string | undefined): Promise<string | undefined> {
    if (policy.identity_mode === 'none') return undefined;
    if (!token) {
      throw unauthorised(
        'identity-required',
        'This stream is for signed-in viewers: send the viewer identity from the site (a JWT) as "Authorization: Bearer …" or as "identity".',
      );
    }
    const options: JWTVerifyOptions = {
      requiredClaims: ['exp', 'iat', 'sub'],
      maxTokenAge: POLICY_LIMITS.identityMaxAgeSeconds,
      clockTolerance: 30,
      currentDate: new Date(this.now()),
      ...(policy.identity_issuer ? { issuer: policy.identity_issuer } : {}),
      ...(policy.identity_audience ? { audience: policy.identity_audience } : {}),
    };
    let sub: unknown;
    try {
      if (policy.identity_mode === 'secret') {
        if (!policy.identity_secret) throw new Error('policy has no identity secret');
        const secret = open(this.ledgerKeys, policy.identity_secret, secretContext(policy.id));
        const key = new TextEncoder().encode(secret);
        ({
          payload: { sub },
        } = await jwtVerify(token, key, { ...options, algorithms: ['HS256'] }));
      } else {
        const keys = this.keySets.getKey(policy.identity_jwks_url ?? '');
        ({
          payload: { sub },
        } = await jwtVerify(token, keys, {
          ...options,
          algorithms: JWKS_ALGORITHMS,
        }));
      }
    } catch (error) {
      throw this.refusal(policy, error);
    }
    if (
      typeof sub !== 'string' ||
      sub.length === 0 ||
      sub.length > TOKEN_LIMITS.userMaxLength ||
      hasControlCharacters(sub)
    ) {
      throw unauthorised(
        'identity-invalid',
        `The viewer identity is not valid: its "sub" must be a user id of 1 to ${TOKEN_LIMITS.userMaxLength} characters.`,
      );
    }
    return sub;
  }

  private refusal(policy: PolicyRow, error: unknown): Error {
    if (error instanceof errors.JWTExpired) {
      return unauthorised(
        'identity-expired',
        'The viewer identity has expired. Get a fresh one from the site and try again.',
      );
    }
    // Anything but a verdict on the identity itself means the site's keys could not be used
    // (not loaded, refused by the fetch rules): not the viewer's fault.
    const keysDown = !(error instanceof errors.JOSEError) || error.code === 'ERR_JWKS_INVALID';
    if (policy.identity_mode === 'jwks' && keysDown) {
      return new HttpError(
        502,
        'identity-unavailable',
        'The site’s identity keys (JWKS) cannot be loaded right now, so the viewer cannot be checked. Try again in a moment.',
      );
    }
    if (error instanceof errors.JOSEError) {
      return unauthorised(
        'identity-invalid',
        `The viewer identity is not valid: ${reasonOf(error)}.`,
      );
    }
    return error as Error;
  }
}
