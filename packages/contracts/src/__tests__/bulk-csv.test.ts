import { describe, expect, it } from 'vitest';
import { BULK_CSV_TEMPLATE, parseBulkCsv } from '../bulk-csv.ts';

const ok = (text: string) => {
  const result = parseBulkCsv(text);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result;
};
const refusal = (text: string) => {
  const result = parseBulkCsv(text);
  if (result.ok) throw new Error('accepted');
  return result.message;
};

describe('the bulk CSV', () => {
  it('should read the columns by the header row in any order and case', () => {
    const { rows } = ok('TAG,Domain,User ID,client_ip\npress,example.com,guest-1,203.0.113.7\n');
    expect(rows).toEqual([
      { tag: 'press', domain: 'example.com', user: 'guest-1', ip: '203.0.113.7' },
    ]);
  });

  it('should read the template it offers', () => {
    const { rows, columns } = ok(BULK_CSV_TEMPLATE);
    expect(columns).toEqual(['user', 'tag', 'ip', 'domain', 'expiresAt', 'notBefore']);
    expect(rows[0]).toMatchObject({ user: 'guest-001', expiresAt: '2026-12-24T18:00:00Z' });
  });

  it('should ignore a byte-order mark', () => {
    const { rows } = ok('\uFEFFuser id,tag\nguest-1,vip\n');
    expect(rows).toEqual([{ user: 'guest-1', tag: 'vip' }]);
  });

  it('should take semicolons as separators', () => {
    const { rows } = ok('user id;tag;client IP\nguest-1;vip;203.0.113.7\nguest-2;press;\n');
    expect(rows).toEqual([
      { user: 'guest-1', tag: 'vip', ip: '203.0.113.7' },
      { user: 'guest-2', tag: 'press' },
    ]);
  });

  it('should keep a quoted comma inside its cell', () => {
    const { rows } = ok('user id,tag\n"Doe, Jane","press, front row"\n');
    expect(rows).toEqual([{ user: 'Doe, Jane', tag: 'press, front row' }]);
  });

  it('should skip empty lines, also at the start and between rows', () => {
    const { rows } = ok('\n\nuser id,tag\n\nguest-1,a\n   \n\nguest-2,b\n\n');
    expect(rows.map((row) => row.user)).toEqual(['guest-1', 'guest-2']);
  });

  it('should refuse 10,001 rows and accept 10,000', () => {
    const lines = (n: number) =>
      ['user id', ...Array.from({ length: n }, (_, i) => `guest-${i}`)].join('\n');
    expect(ok(lines(10_000)).rows).toHaveLength(10_000);
    expect(refusal(lines(10_001))).toMatch(/more than 10,000 rows/);
  });

  it('should refuse binary garbage', () => {
    const garbage = String.fromCharCode(
      ...Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256),
    );
    expect(refusal(garbage)).toMatch(/not a text CSV file/);
    expect(refusal('PK\u0003\u0004\u0014\u0000\u0006\u0000user id')).toMatch(/binary/);
  });

  it('should refuse a 50 MB file before parsing it', () => {
    const huge = 'user id\n' + 'guest-0000001\n'.repeat((50 * 1024 * 1024) / 14);
    const started = performance.now();
    expect(refusal(huge)).toMatch(/too large \(50\.0 MB\): at most 5 MB/);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('should name an unknown column and a missing user id column', () => {
    expect(refusal('user id,seat\nguest-1,12\n')).toMatch(/Column 2 .*“seat”, is not one we know/);
    expect(refusal('tag,domain\npress,example.com\n')).toMatch(/no “user id” column/);
    expect(refusal('user id,user\na,b\n')).toMatch(/user id column twice/);
  });

  it('should refuse an empty list and a header without rows', () => {
    expect(refusal('')).toMatch(/empty/);
    expect(refusal('\uFEFF \n\n')).toMatch(/empty/);
    expect(refusal('user id,tag\n')).toMatch(/no rows/);
  });
});
