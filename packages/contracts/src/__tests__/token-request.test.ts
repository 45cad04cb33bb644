import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createTokenRequestSchema,
  defaultExpiry,
  maxExpiry,
  resolveExpiry,
  tokenTargetSchema,
  type TokenRequestInput,
} from '../token-request.ts';

const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);
const schema = createTokenRequestSchema(() => NOW);
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();
const DAY = 86_400;
const base: TokenRequestInput = { target: { type: 'streams', streams: ['DmoEv-live1'] } };

function messages(input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
}

describe('token request', () => {
  it('should keep each stream once, whether a target is parsed from a request or encoded for a response', () => {
    const target = { type: 'streams' as const, streams: ['live-a', 'live-b', 'live-a'] };
    const once = { type: 'streams', streams: ['live-a', 'live-b'] };
    expect(tokenTargetSchema.parse(target)).toEqual(once);
    expect(z.encode(tokenTargetSchema, target)).toEqual(once);
  });

  it('should default the expiry to two weeks ahead', () => {
    const parsed = schema.parse(base);
    expect(resolveExpiry(parsed, NOW).expiresAt).toBe(at(14 * DAY));
    expect(parsed.revocable).toBe(false);
    expect(parsed.forceDisconnect).toBe(false);
  });

  it('should default the expiry to 24 hours ahead for a revocable token', () => {
    expect(resolveExpiry(schema.parse({ ...base, revocable: true }), NOW).expiresAt).toBe(at(DAY));
    expect(defaultExpiry(true, NOW).toISOString()).toBe(at(DAY));
  });

  it('should judge the expiry caps while other fields are still invalid', () => {
    const issues = messages({
      target: { type: 'streams', streams: [] },
      revocable: true,
      expiresAt: at(2 * DAY),
      ip: 'nope',
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual(['expiresAt', 'ip', 'target.streams']);
  });

  it('should skip the caps when the expiry itself is not a date', () => {
    const issues = messages({ ...base, revocable: true, expiresAt: 'tomorrow' });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toBe('Expiry: enter a valid date and time.');
  });

  it('should read the real clock at each validation by default', () => {
    const live = createTokenRequestSchema();
    expect(
      live.safeParse({ ...base, expiresAt: new Date(Date.now() + 60_000).toISOString() }).success,
    ).toBe(true);
    expect(
      live.safeParse({ ...base, expiresAt: new Date(Date.now() - 60_000).toISOString() }).success,
    ).toBe(false);
  });

  it('should accept exactly 365 days and refuse one second more', () => {
    expect(schema.safeParse({ ...base, expiresAt: at(365 * DAY) }).success).toBe(true);
    expect(messages({ ...base, expiresAt: at(365 * DAY + 1) })).toEqual([
      { path: 'expiresAt', message: 'Expiry: at most 365 days ahead. Pick an earlier date.' },
    ]);
    expect(maxExpiry(false, NOW).toISOString()).toBe(at(365 * DAY));
  });

  it('should accept exactly 24 hours for a revocable token and refuse 24 h + 1 s', () => {
    expect(schema.safeParse({ ...base, revocable: true, expiresAt: at(DAY) }).success).toBe(true);
    const [issue] = messages({ ...base, revocable: true, expiresAt: at(DAY + 1) });
    expect(issue?.path).toBe('expiresAt');
    expect(issue?.message).toMatch(/revocable token can be valid for at most 24 hours/);
  });

  it('should refuse a revocable token with 2 days', () => {
    expect(messages({ ...base, revocable: true, expiresAt: at(2 * DAY) })[0]?.path).toBe(
      'expiresAt',
    );
  });

  it('should refuse an expiry in the past or now', () => {
    expect(messages({ ...base, expiresAt: at(-60) })[0]?.message).toMatch(
      /^Expiry: must be in the future/,
    );
    expect(messages({ ...base, expiresAt: at(0) })[0]?.path).toBe('expiresAt');
    expect(schema.safeParse({ ...base, expiresAt: at(1) }).success).toBe(true);
  });

  it('should refuse a not-before at or after the expiry', () => {
    const issues = messages({ ...base, expiresAt: at(DAY), notBefore: at(DAY) });
    expect(issues).toEqual([
      {
        path: 'notBefore',
        message: expect.stringMatching(/^Not before: must be before the expiry/),
      },
    ]);
    expect(schema.safeParse({ ...base, expiresAt: at(DAY), notBefore: at(DAY - 1) }).success).toBe(
      true,
    );
  });

  it('should refuse a date that is not an instant, naming the field', () => {
    expect(messages({ ...base, expiresAt: 'tomorrow' })[0]).toEqual({
      path: 'expiresAt',
      message: 'Expiry: enter a valid date and time.',
    });
  });

  it('should accept the three kinds of target', () => {
    expect(
      schema.parse({ target: { type: 'group', groupId: 'a1b2c3d4-e5f6-7777-8888-99990000aaaa' } })
        .target,
    ).toEqual({
      type: 'group',
      groupId: 'a1b2c3d4-e5f6-7777-8888-99990000aaaa',
    });
    expect(schema.parse({ target: { type: 'organisation' } }).target).toEqual({
      type: 'organisation',
    });
    expect(
      schema.parse({ target: { type: 'streams', streams: ['a-1', 'a-1', 'b-2'] } }).target,
    ).toEqual({
      type: 'streams',
      streams: ['a-1', 'b-2'],
    });
  });

  it('should refuse an empty stream list and an unknown target kind', () => {
    expect(messages({ target: { type: 'streams', streams: [] } })[0]).toEqual({
      path: 'target.streams',
      message: 'Streams: choose at least one stream.',
    });
    expect(schema.safeParse({ target: { type: 'everything' } }).success).toBe(false);
    expect(schema.safeParse({ target: { type: 'organisation', streams: ['x'] } }).success).toBe(
      false,
    );
  });

  it('should refuse unknown fields', () => {
    expect(schema.safeParse({ ...base, orgawide: true }).success).toBe(false);
  });

  it('should trim tag and user and drop them when empty', () => {
    const parsed = schema.parse({ ...base, tag: '  table 7 ', user: '   ' });
    expect(parsed.tag).toBe('table 7');
    expect(parsed.user).toBeUndefined();
  });

  it('should limit tag and user length and refuse control characters', () => {
    expect(messages({ ...base, tag: 'x'.repeat(65) })[0]).toEqual({
      path: 'tag',
      message: 'Tag: use at most 64 characters.',
    });
    expect(schema.safeParse({ ...base, tag: 'x'.repeat(64) }).success).toBe(true);
    expect(messages({ ...base, user: 'a'.repeat(129) })[0]?.path).toBe('user');
    expect(messages({ ...base, user: 'line\nbreak' })[0]?.message).toMatch(
      /^User ID: remove line breaks/,
    );
  });

  it.each([
    ['null', null],
    ['nothing', undefined],
    ['an array', []],
    ['a string', 'text'],
    ['a number', 42],
    ['a boolean', true],
  ])('should refuse %s as a whole request instead of throwing', (_label, input) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([]);
  });
});
