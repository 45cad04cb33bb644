import {
  SignJWT,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { startJwksServer, type JwksServer } from './jwks-server.ts';

const nowS = () => Math.floor(Date.now() / 1000);

/** A viewer identity as a customer's site would sign it: sub, iat now, exp in 5 minutes. */
export function identityClaims(overrides: JWTPayload = {}): JWTPayload {
  return { sub: 'viewer-42', iat: nowS(), exp: nowS() + 300, ...overrides };
}

export function signWithSecret(secret: string, claims: JWTPayload = identityClaims()) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}

export interface SiteKeys {
  url: string;
  sign(claims?: JWTPayload, key?: CryptoKey, kid?: string): Promise<string>;
  /** The published public key (kid site-key-1). */
  jwk: JWK;
  /** The server, to publish other keys or fail. */
  server: JwksServer;
  /** A key the site never published, under the published kid: a forgery. */
  foreignKey: CryptoKey;
  requests(): number;
  close(): Promise<void>;
}

/** A customer's site publishing an ES256 key as a JWKS on a local HTTP server. */
export async function startSiteKeys(): Promise<SiteKeys> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const foreign = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'site-key-1', alg: 'ES256', use: 'sig' };
  const server = await startJwksServer({ keys: [jwk] });
  return {
    url: server.url,
    sign: (claims = identityClaims(), key = privateKey, kid = 'site-key-1') =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).sign(key),
    jwk,
    server,
    foreignKey: foreign.privateKey,
    requests: server.requests,
    close: server.close,
  };
}
