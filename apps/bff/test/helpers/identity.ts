import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  sign(claims?: JWTPayload, key?: CryptoKey): Promise<string>;
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
  let count = 0;
  const server = createServer((req, res) => {
    count += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    sign: (claims = identityClaims(), key = privateKey) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'site-key-1' }).sign(key),
    foreignKey: foreign.privateKey,
    requests: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
