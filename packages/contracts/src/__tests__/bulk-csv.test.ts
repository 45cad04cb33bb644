import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { validateBulkRows } from '../bulk.ts';
import { BULK_CSV_TEMPLATE, bulkRowsToFixCsv, parseBulkCsv } from '../bulk-csv.ts';

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

  it('should read past the row and problems columns of the rows to fix, and nothing else new', () => {
    const { rows, columns } = ok(
      'row,user id,tag,problems\n7,guest-7,press,"Row 7, client IP: enter one."\n',
    );
    expect(rows).toEqual([{ user: 'guest-7', tag: 'press' }]);
    expect(columns).toEqual(['user', 'tag']);
    expect(refusal('row,user id,problem\n1,guest-1,x\n')).toBe(
      'Column 3 of the header row, “problem”, is not one we know. The first row names the columns: user id, tag, client IP, domain, expiry, not before.',
    );
  });
});

describe('the rows that need fixing, as a CSV', () => {
  const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);
  const options = { target: { type: 'streams', streams: ['DmoEv-live1'] }, expiresIn: 86_400 };
  const list = ok(
    [
      'user id,tag,client IP,domain,expiry,not before',
      'guest-1,press,203.0.113.7,,,',
      'guest-2,"press, front row",10.0.0,www.example.com,2026-11-23T09:00:00Z,',
      'guest-1,vip,,,,2026-11-25T10:00:00Z',
      '+49 170 1234567,-vip,203.0.113.8,,24/12/2026 18:00,',
      'guest-5,press,,,,',
    ].join('\n'),
  ).rows;
  const { issues } = validateBulkRows(options, list, () => NOW);
  const file = bulkRowsToFixCsv(list, issues);
  const records = Papa.parse<string[]>(file.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

  it('should hold every row with a problem, its cells as given and every message of it', () => {
    expect(
      file.startsWith('\uFEFFrow,user id,tag,client IP,domain,expiry,not before,problems\r\n'),
    ).toBe(true);
    expect(records.slice(1).map((record) => record[0])).toEqual(['2', '3', '4']);
    expect(records[1]).toEqual([
      '2',
      'guest-2',
      'press, front row',
      '10.0.0',
      'www.example.com',
      '2026-11-23T09:00:00Z',
      '',
      // The row column says which row: the message names the column alone.
      'client IP: enter a single IPv4 address such as 203.0.113.7 (no range, no port).',
    ]);
    const row3 = issues.filter((issue) => issue.row === 3).map((issue) => issue.message);
    expect(row3.length).toBeGreaterThan(1);
    expect(records[2]!.at(-1)).toBe(row3.map((m) => m.replace(/^Row 3, /, '')).join('; '));
  });

  it('should write a formula-like cell as text', () => {
    expect(records[3]!.slice(1, 3)).toEqual(["'+49 170 1234567", "'-vip"]);
    const rows = [{ user: '=HYPERLINK("http://x")' }, { user: '@SUM(A1)', tag: '\tx' }];
    const written = bulkRowsToFixCsv(rows, [
      { row: 1, column: 'user', message: '-bad' },
      { row: 2, column: 'user', message: 'Row 2, user id: bad.' },
    ]);
    const cells = Papa.parse<string[]>(written.replace(/^\uFEFF/, ''), { skipEmptyLines: true })
      .data.slice(1)
      .flat();
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });

  it('should load again as it is and give back the same cells', () => {
    const again = ok(file).rows;
    expect(again).toEqual([list[1], list[2], list[3]]);
    // Row 3 needs a not-before it can have: the fixed file checks fine.
    const fixed = ok(
      file.replace('2026-11-25T10:00:00Z', '').replace(/,guest-1,vip/, ',guest-3,vip'),
    );
    expect(fixed.rows[1]).toEqual({ user: 'guest-3', tag: 'vip' });
  });
});
