import Papa from 'papaparse';
import {
  BULK_COLUMNS,
  BULK_LIMITS,
  BULK_COLUMN_LABELS,
  type BulkColumn,
  type BulkIssue,
  type BulkRow,
} from './bulk.ts';
import { safeCell, unescapeCell } from './csv-cell.ts';

/** Header names each column answers to, compared without case, spaces, "-" or "_". */
const HEADER_NAMES: Record<string, BulkColumn> = {
  userid: 'user',
  user: 'user',
  viewer: 'user',
  viewerid: 'user',
  tag: 'tag',
  clientip: 'ip',
  ip: 'ip',
  ipaddress: 'ip',
  domain: 'domain',
  refererdomain: 'domain',
  referrerdomain: 'domain',
  expiry: 'expiresAt',
  expires: 'expiresAt',
  expiresat: 'expiresAt',
  notbefore: 'notBefore',
  validfrom: 'notBefore',
  nbf: 'notBefore',
};

/**
 * The columns the file of rows that need fixing adds (bulkRowsToFixCsv): read past, so that
 * the file loads again as it is once fixed.
 */
const IGNORED_HEADERS: ReadonlySet<string> = new Set(['row', 'problems']);

const headerKey = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');

/** What a staff member downloads to fill in: the header row and one example. */
export const BULK_CSV_TEMPLATE =
  'user id,tag,client IP,domain,expiry,not before\r\n' +
  'guest-001,press,203.0.113.7,www.example.com,2026-12-24T18:00:00Z,\r\n';

export type BulkCsvResult =
  { ok: true; rows: BulkRow[]; columns: BulkColumn[] } | { ok: false; message: string };

const refuse = (message: string): BulkCsvResult => ({ ok: false, message });

/**
 * Text that is no CSV of ours: a NUL byte (no text file has one), or more than a few
 * characters that decoding could not read or that are control characters.
 */
function looksBinary(text: string) {
  if (text.includes('\u0000')) return true;
  const sample = text.slice(0, 64 * 1024);
  // eslint-disable-next-line no-control-regex
  const odd = sample.match(/[\uFFFD\u0001-\u0008\u000E-\u001F\u007F]/g)?.length ?? 0;
  return odd > Math.max(8, sample.length / 100);
}

/**
 * A pasted or uploaded list of viewers. The first non-empty line names the columns, in any
 * order and case (`user id`, `tag`, `client IP`, `domain`, `expiry`, `not before`); commas,
 * semicolons or tabs separate them (found from the header); a byte-order mark and empty lines
 * are ignored; quoted cells may hold the separator. The `row` and `problems` columns of the
 * file of rows that need fixing are read past, and a cell the dashboard's downloads wrote as
 * text ('-vip, see safeCell) is read as it was (-vip). Only the shape is judged here: the token
 * rules judge each row in `validateBulkRows`.
 */
export function parseBulkCsv(input: string): BulkCsvResult {
  if (input.length > BULK_LIMITS.maxFileBytes) {
    return refuse(
      `The list is too large (${(input.length / 1024 / 1024).toFixed(1)} MB): at most ${BULK_LIMITS.maxFileBytes / 1024 / 1024} MB, which holds ${BULK_LIMITS.maxRows.toLocaleString('en')} rows with room to spare.`,
    );
  }
  const text = input.replace(/^\uFEFF/, '');
  if (text.trim() === '') return refuse('The list is empty. Paste rows or choose a CSV file.');
  if (looksBinary(text)) {
    return refuse(
      'This is not a text CSV file (it contains binary data). Save the list as CSV (UTF-8) and try again.',
    );
  }
  const parsed = Papa.parse<string[]>(text, {
    delimitersToGuess: [',', ';', '\t'],
    skipEmptyLines: 'greedy',
    // One more than allowed: enough to tell "too many" without reading all of a huge file.
    preview: BULK_LIMITS.maxRows + 2,
  });
  const [header, ...data] = parsed.data;
  if (!header) return refuse('The list is empty. Paste rows or choose a CSV file.');
  const columns: Array<BulkColumn | undefined> = [];
  for (const [index, name] of header.entries()) {
    const key = headerKey(name);
    if (key === '' || IGNORED_HEADERS.has(key)) {
      columns.push(undefined);
      continue;
    }
    const column = HEADER_NAMES[key];
    if (!column) {
      return refuse(
        `Column ${index + 1} of the header row, “${name.trim().slice(0, 40)}”, is not one we know. The first row names the columns: ${Object.values(BULK_COLUMN_LABELS).join(', ')}.`,
      );
    }
    if (columns.includes(column)) {
      return refuse(`The header row names the ${BULK_COLUMN_LABELS[column]} column twice.`);
    }
    columns.push(column);
  }
  if (!columns.includes('user')) {
    return refuse(
      'The header row has no “user id” column. The first row names the columns, e.g. user id,tag,client IP,domain.',
    );
  }
  if (data.length > BULK_LIMITS.maxRows) {
    return refuse(
      `The list has more than ${BULK_LIMITS.maxRows.toLocaleString('en')} rows: at most ${BULK_LIMITS.maxRows.toLocaleString('en')} tokens in a batch. Split it into several batches.`,
    );
  }
  if (data.length === 0) return refuse('The list has a header row but no rows of viewers.');
  const rows = data.map((cells) => {
    const row: BulkRow = {};
    columns.forEach((column, i) => {
      const value = cells[i] === undefined ? undefined : unescapeCell(cells[i].trim()).trim();
      if (column && value !== undefined && value !== '') row[column] = value;
    });
    return row;
  });
  return { ok: true, rows, columns: columns.filter((c): c is BulkColumn => c !== undefined) };
}

/**
 * The rows that need fixing, as a CSV to fix in a spreadsheet and load again: each row's number
 * in the list as checked (as the messages name it), its cells as given under the template's
 * header names, and every problem of it (named by its column: the row is said beside it). Formula-like cells are written as text (safeCell);
 * UTF-8 with a byte order mark, so that Excel reads the messages' quotes.
 */
const ROW_PREFIX = /^Row \d+, /;

export function bulkRowsToFixCsv(rows: BulkRow[], issues: BulkIssue[]): string {
  const problems = new Map<number, string[]>();
  for (const issue of issues) {
    if (issue.row < 1) continue;
    const messages = problems.get(issue.row) ?? [];
    // The row column says which row: "Row 14, client IP: …" is "client IP: …" beside it.
    messages.push(issue.message.replace(ROW_PREFIX, ''));
    problems.set(issue.row, messages);
  }
  const records = [...problems.entries()]
    .sort(([a], [b]) => a - b)
    .map(([n, messages]) => {
      const row = rows[n - 1] ?? {};
      return [String(n), ...BULK_COLUMNS.map((c) => row[c] ?? ''), messages.join('; ')].map(
        (cell) => String(safeCell(cell)),
      );
    });
  const header = ['row', ...BULK_COLUMNS.map((c) => BULK_COLUMN_LABELS[c]), 'problems'];
  return `\uFEFF${Papa.unparse([header, ...records], { newline: '\r\n' })}\r\n`;
}
