/** Prints a plain-text table: a title, a header row and aligned columns. */
export function printTable(title: string, header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  console.info(`\n${title}\n${line(header)}\n${rule}\n${rows.map(line).join('\n')}`);
}

export const fmt = (value: number | undefined, digits = 1) =>
  value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);

export const verdict = (met: boolean | undefined) =>
  met === undefined ? '' : met ? 'met' : 'MISSED';
