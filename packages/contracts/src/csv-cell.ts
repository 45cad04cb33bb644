export type CsvCell = string | number | boolean | null;

/** The start of a cell a spreadsheet would run as a formula (a tab or CR can hide one). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab / carriage return that hides one)
 * as a formula: such text gets a leading apostrophe, which they show as text (OWASP's advice
 * for CSV injection). Numbers and booleans are ours and never start with one. Every CSV the
 * dashboard writes, on the server or in the browser, passes its cells through this.
 */
export function safeCell(value: CsvCell): CsvCell {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** A cell read back from such a file: the apostrophe safeCell added is dropped again. */
export const unescapeCell = (text: string) =>
  text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
