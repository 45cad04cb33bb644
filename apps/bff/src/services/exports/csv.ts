import { stringify, type Options } from 'csv-stringify/sync';
import { Readable } from 'node:stream';
import { safeCell, type CsvCell } from '@ptd/contracts';

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvCell;
}

export interface CsvOutcome {
  rows: number;
  /** False when the download stopped early (the browser went away, the database failed). */
  complete: boolean;
}

const OPTIONS: Options = { cast: { boolean: (value) => (value ? 'yes' : 'no') } };

const headerRecord = <T>(columns: CsvColumn<T>[]) => [columns.map((column) => column.header)];
const records = <T>(rows: T[], columns: CsvColumn<T>[]) =>
  rows.map((row) => columns.map((column) => safeCell(column.value(row))));

/**
 * A CSV stream over pages read on demand: the next page is read only when the socket has taken
 * the last one (stream backpressure), so memory holds about one page whatever the number of
 * rows. Each page is one chunk, quoted by csv-stringify; UTF-8 with a byte order mark, so that
 * Excel reads it as UTF-8. `done` is called once, when the stream ends or is abandoned.
 */
export function csvStream<T>(
  pages: AsyncIterable<T[]>,
  columns: CsvColumn<T>[],
  done: (outcome: CsvOutcome) => void,
): Readable {
  let rows = 0;
  let complete = false;
  async function* chunks() {
    try {
      yield `\uFEFF${stringify(headerRecord(columns), OPTIONS)}`;
      for await (const page of pages) {
        rows += page.length;
        yield stringify(records(page, columns), OPTIONS);
      }
      complete = true;
    } finally {
      done({ rows, complete });
    }
  }
  // One page in flight: the default object-mode high-water mark of 16 would read ahead 16.
  return Readable.from(chunks(), { objectMode: false, highWaterMark: 1 });
}

/** A CSV small enough to hold whole, as one text: CRLF between lines, none after the last. */
export function csvText<T>(rows: T[], columns: CsvColumn<T>[]): string {
  return stringify([...headerRecord(columns), ...records(rows, columns)], {
    ...OPTIONS,
    record_delimiter: 'windows',
    eof: false,
  });
}

/** `attachment; filename=…` for a name made of safe characters only. */
export const attachment = (name: string) => `attachment; filename="${name}"`;
