import { describeNonPublicIPv4, type BulkRow } from '@ptd/contracts';

export interface NonPublicAddress {
  /** "10.9.8.7 is a private address (10.0.0.0/8)", as the token form says it. */
  note: string;
  /** Row numbers (from 1), in order. */
  rows: number[];
}

export interface NonPublicRows {
  /** How many rows carry such an address. */
  count: number;
  /** One entry per address, in the order of their first row. */
  addresses: NonPublicAddress[];
}

/**
 * The rows whose client IP (their own, or the options' for a row without one) no viewer
 * reaches the edge from: private, loopback, CGNAT … The options' address once confirmed in
 * the options (`confirmed`) is not asked about again.
 */
export function nonPublicRows(rows: BulkRow[], optionsIp: string, confirmed?: string) {
  const byAddress = new Map<string, NonPublicAddress>();
  let count = 0;
  rows.forEach((row, index) => {
    const address = row.ip?.trim() || optionsIp;
    const note = address !== confirmed && describeNonPublicIPv4(address);
    if (!note) return;
    count += 1;
    const entry = byAddress.get(address) ?? { note, rows: [] };
    entry.rows.push(index + 1);
    byAddress.set(address, entry);
  });
  return { count, addresses: [...byAddress.values()] } satisfies NonPublicRows;
}

/** [3, 7, 8, 9] → "Rows 3, 7–9"; [4] → "Row 4". */
export function describeRowNumbers(rows: number[]) {
  const parts: string[] = [];
  for (let i = 0; i < rows.length; i += 1) {
    const first = rows[i]!;
    while (rows[i + 1] === rows[i]! + 1) i += 1;
    parts.push(rows[i] === first ? `${first}` : `${first}–${rows[i]}`);
  }
  return `${rows.length === 1 ? 'Row' : 'Rows'} ${parts.join(', ')}`;
}
