import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** How many codes a staff member gets at a time. */
export const RECOVERY_CODE_COUNT = 10;

// Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 16;

/** 80 random bits as `XXXX-XXXX-XXXX-XXXX`. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let text = '';
  for (let i = LENGTH - 1; i >= 0; i -= 1) text += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return text.match(/.{4}/g)?.join('-') ?? text;
}

/** A typed code as stored: upper case, without dashes or spaces, look-alikes mapped. */
export function normaliseRecoveryCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}

const digest = (salt: Buffer, code: string) =>
  createHash('sha256').update(salt).update(code).digest();

/**
 * `salt.sha256(salt ‖ code)`: codes are random (80 bits), so a fast hash is enough; the salt
 * makes each guess against a stolen table work for one code only.
 */
export function hashRecoveryCode(code: string): string {
  const normal = normaliseRecoveryCode(code);
  if (!normal) throw new Error('not a recovery code');
  const salt = randomBytes(16);
  return `${salt.toString('base64url')}.${digest(salt, normal).toString('base64url')}`;
}

export function matchesRecoveryCode(normalised: string, stored: string): boolean {
  const [salt, hash] = stored.split('.');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = digest(Buffer.from(salt, 'base64url'), normalised);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
