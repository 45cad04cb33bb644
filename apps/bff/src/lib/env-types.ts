import { z } from 'zod';
import { proxyTrust } from './proxy-trust.ts';

/** Environment variables are strings; an empty one counts as unset. */
export const blankToUndefined = (v: unknown) =>
  typeof v === 'string' && v.trim() === '' ? undefined : v;

export const optionalText = z.preprocess(blankToUndefined, z.string().trim().min(1).optional());

export const optionalUrl = z.preprocess(
  blankToUndefined,
  z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
);

export const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` })
      .default(fallback),
  );

/** A string with a default; blank counts as unset. */
export const textWithDefault = (fallback: string) =>
  z.preprocess(blankToUndefined, z.string().trim().min(1).default(fallback));

/** An optional boolean flag: true/false/1/0; blank or absent is undefined. */
export const boolFlag = z.preprocess(
  blankToUndefined,
  z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .transform((v) => v === 'true' || v === '1')
    .optional(),
);

/** A 256-bit key in base64 (e.g. `openssl rand -base64 32`). */
export const base64Key = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const bytes = Buffer.from(v, 'base64');
    if (bytes.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(v)) {
      ctx.addIssue({ code: 'custom', message: 'must be 32 random bytes in base64' });
      return z.NEVER;
    }
    return bytes;
  });

/**
 * Fastify's `trustProxy`: `true`/`false`, or a comma-separated list of proxy addresses, CIDR
 * ranges or proxy-addr names (`loopback`, `linklocal`, `uniquelocal`). Only trust what sits in
 * front of the BFF: it decides which client IP the rate limits and the audit log see. (A hop
 * count is not offered: Fastify 5 ignores it to stop spoofed X-Forwarded-For.)
 */
export const trustProxy = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .default('false')
    .transform((v, ctx): boolean | string[] => {
      if (v === 'true' || v === 'false') return v === 'true';
      const list = v.split(',').map((s) => s.trim());
      try {
        // What Fastify will compile the list with: an entry it would refuse is refused here.
        proxyTrust(list);
        return list;
      } catch {
        // Named below.
      }
      ctx.addIssue({
        code: 'custom',
        message:
          'must be true, false, or comma-separated proxy IPs/CIDRs (or loopback/linklocal/uniquelocal)',
      });
      return z.NEVER;
    }),
);
