import { describe, expect, it } from 'vitest';
import { toSplayRequest } from '../upstream-mapping.ts';
import {
  createTokenRequestSchema,
  resolveExpiry,
  type TokenRequestInput,
} from '../token-request.ts';

const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);
const schema = createTokenRequestSchema(() => NOW);
const DAY = 86_400;
const base: TokenRequestInput = { target: { type: 'streams', streams: ['DmoEv-live1'] } };
const iso = (ms: number) => new Date(ms).toISOString();

function issues(input: unknown) {
  const result = schema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('expiry as a duration', () => {
  it('should keep a preset as a duration that becomes an expiry only when the token is minted', () => {
    const parsed = schema.parse({ ...base, expiresIn: 3600 });
    expect(parsed.expiresIn).toBe(3600);
    expect(parsed.expiresAt).toBeUndefined();
    // Minted 7.4 s after validation: the hour counts from then, to the whole second.
    const minted = resolveExpiry(parsed, NOW + 7_400);
    expect(minted.expiresAt).toBe(iso(NOW + 7_000 + 3600_000));
    expect(toSplayRequest(minted).exp).toBe(Math.floor(NOW / 1000) + 7 + 3600);
  });

  it('should default to 14 days, or 24 hours when revocable, as durations', () => {
    expect(schema.parse(base).expiresIn).toBe(14 * DAY);
    expect(schema.parse({ ...base, revocable: true }).expiresIn).toBe(DAY);
    expect(resolveExpiry(schema.parse(base), NOW).expiresAt).toBe(iso(NOW + 14 * DAY * 1000));
  });

  it('should accept exactly 24 hours for a revocable token and refuse one second more', () => {
    expect(schema.safeParse({ ...base, revocable: true, expiresIn: DAY }).success).toBe(true);
    expect(issues({ ...base, revocable: true, expiresIn: DAY + 1 })).toEqual([
      {
        path: 'expiresIn',
        message: expect.stringMatching(/revocable token can be valid for at most 24 hours/),
      },
    ]);
  });

  it('should accept exactly 365 days and refuse one second more', () => {
    expect(schema.safeParse({ ...base, expiresIn: 365 * DAY }).success).toBe(true);
    expect(issues({ ...base, expiresIn: 365 * DAY + 1 })).toEqual([
      { path: 'expiresIn', message: expect.stringMatching(/^Expiry: at most 365 days/) },
    ]);
  });

  it.each([0, -60, 1.5, '3600'])('should refuse %j as a duration, naming the expiry', (value) => {
    expect(issues({ ...base, expiresIn: value })).toEqual([
      { path: 'expiresIn', message: expect.stringMatching(/^Expiry: /) },
    ]);
  });

  it('should refuse a duration and a date together', () => {
    expect(issues({ ...base, expiresIn: 3600, expiresAt: iso(NOW + 3600_000) })).toEqual([
      { path: 'expiresIn', message: expect.stringMatching(/^Expiry: .*not both/) },
    ]);
  });

  it('should refuse a not-before at or after the end of the duration', () => {
    expect(issues({ ...base, expiresIn: 3600, notBefore: iso(NOW + 3600_000) })).toEqual([
      { path: 'notBefore', message: expect.stringMatching(/^Not before: must be before/) },
    ]);
    expect(
      schema.safeParse({ ...base, expiresIn: 3600, notBefore: iso(NOW + 60_000) }).success,
    ).toBe(true);
  });

  it('should keep a hand-picked expiry as it is when minted', () => {
    const parsed = schema.parse({ ...base, expiresAt: iso(NOW + 3 * 3600_000) });
    expect(parsed.expiresIn).toBeUndefined();
    expect(resolveExpiry(parsed, NOW + 60_000).expiresAt).toBe(iso(NOW + 3 * 3600_000));
  });
});
