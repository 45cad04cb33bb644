import { createHash, randomBytes } from 'node:crypto';

/** The secret a session cookie carries: 256 random bits. */
export const newSessionSecret = () => randomBytes(32).toString('base64url');

/**
 * What the database keeps instead of the secret. A fast hash is enough: the secret is random
 * and long, so there is nothing to guess that a slow hash would protect.
 */
export const hashSessionSecret = (secret: string) =>
  createHash('sha256').update(secret).digest('base64url');
