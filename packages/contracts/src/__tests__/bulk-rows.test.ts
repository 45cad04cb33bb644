import { describe, expect, it } from 'vitest';
import { generateBulkRows, validateBulkRows, bulkBatchRequestSchema } from '../bulk.ts';
import { parseBulkCsv } from '../bulk-csv.ts';

const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);
const now = () => NOW;
const options = { target: { type: 'streams', streams: ['DmoEv-live1'] }, expiresIn: 86_400 };

describe('bulk rows', () => {
  it('should build each row’s request from the options with the row’s own cells over them', () => {
    const { requests, issues } = validateBulkRows(
      { ...options, tag: 'press', domain: 'example.com' },
      [{ user: 'guest-1' }, { user: 'guest-2', tag: 'vip', expiresAt: '2026-11-23T09:00:00Z' }],
      now,
    );
    expect(issues).toEqual([]);
    expect(requests[0]).toMatchObject({ user: 'guest-1', tag: 'press', expiresIn: 86_400 });
    expect(requests[0]!.domain).toBe('example.com');
    expect(requests[1]).toMatchObject({ user: 'guest-2', tag: 'vip' });
    expect(requests[1]!.expiresAt).toBe('2026-11-23T09:00:00Z');
    expect(requests[1]!.expiresIn).toBeUndefined();
  });

  it('should list errors by row and column in the token rules’ words', () => {
    const { requests, issues } = validateBulkRows(
      options,
      [
        { user: 'guest-1', ip: '10.0.0' },
        { user: 'guest-2', domain: 'https://' },
        { user: 'guest-3', expiresAt: '2026-11-21T09:00:00Z' },
        { user: 'guest-4', expiresAt: 'tomorrow' },
        { user: 'guest-5', ip: '2001:db8::1' },
      ],
      now,
    );
    expect(requests).toEqual([]);
    expect(issues.map((i) => `${i.row}/${i.column}`)).toEqual([
      '1/ip',
      '2/domain',
      '3/expiresAt',
      '4/expiresAt',
      '5/ip',
    ]);
    expect(issues[0]!.message).toBe(
      'Row 1, client IP: enter a single IPv4 address such as 203.0.113.7 (no range, no port).',
    );
    expect(issues[1]!.message).toBe(
      'Row 2, domain: this is neither a host name nor a URL. Enter e.g. example.com.',
    );
    expect(issues[2]!.message).toMatch(/^Row 3, expiry: must be in the future/);
    expect(issues[3]!.message).toBe(
      'Row 4, expiry: write the date and time as 2026-12-24T18:00:00Z (UTC) or with its offset, 2026-12-24T19:00:00+01:00.',
    );
  });

  it('should flag duplicate user ids and rows without one', () => {
    const { issues } = validateBulkRows(
      options,
      [{ user: 'Guest-1' }, { tag: 'x' }, { user: 'guest-1' }],
      now,
    );
    expect(issues.map((i) => i.message)).toEqual([
      'Row 2, user id: enter one; each token of a batch names its viewer.',
      'Row 3, user id: “guest-1” is also in row 1; give each viewer a token of their own.',
    ]);
  });

  it('should report a wrong shared option once, not once per row', () => {
    const { issues } = validateBulkRows(
      { target: { type: 'streams', streams: [] } },
      generateBulkRows('g-', 50),
      now,
    );
    expect(issues).toEqual([
      { row: 0, column: 'target.streams', message: 'Streams: choose at least one stream.' },
    ]);
  });

  it('should name the option a message of its own does not name', () => {
    const { issues } = validateBulkRows(
      { target: { type: 'group' } } as never,
      generateBulkRows('g-', 2),
      now,
    );
    expect(issues).toEqual([
      {
        row: 0,
        column: 'target.groupId',
        message: expect.stringMatching(/^target\.groupId: Invalid input: expected string/),
      },
    ]);
  });

  it('should judge rows of a parsed CSV with semicolons and a BOM', () => {
    const parsed = parseBulkCsv(
      '\uFEFFuser id;client ip\nguest-1;203.0.113.7\nguest-2;300.1.1.1\n',
    );
    if (!parsed.ok) throw new Error(parsed.message);
    const { issues } = validateBulkRows(options, parsed.rows, now);
    expect(issues.map((i) => `${i.row}/${i.column}`)).toEqual(['2/ip']);
  });

  it('should number generated user ids with at least three digits of one width', () => {
    expect(generateBulkRows('guest-', 3).map((r) => r.user)).toEqual([
      'guest-001',
      'guest-002',
      'guest-003',
    ]);
    expect(generateBulkRows('g', 1200).at(-1)).toEqual({ user: 'g1200' });
    expect(generateBulkRows('g', 1200)[0]).toEqual({ user: 'g0001' });
  });

  it('should refuse a request of 10,001 rows with a message naming the rows', () => {
    const result = bulkBatchRequestSchema.safeParse({
      options,
      rows: generateBulkRows('g', 10_001),
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/at most 10,000 tokens in a batch/);
  });
});
