import { searchKey } from '@ptd/contracts';
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { ValueSet } from './ledger-conditions.ts';
import { byText } from '../../lib/order.ts';
import type { Database, LedgerTermField } from '../schema.ts';

/** One distinct value of a searchable ledger column. */
export interface Term {
  field: LedgerTermField;
  value: string;
}

const DAY_MS = 86_400_000;
/**
 * Values a text filter lists exactly; past this many ("e", "viewer-") the dictionary is asked
 * again inside the list's SQL instead.
 */
export const TERM_LIMIT = 1000;
/** Enough for a day's worth of busy values; past it the memory starts over. */
const SEEN_CACHE_SIZE = 50_000;

/** How a filter's text is matched: by its search key, `%` and `_` taken literally. */
export const containsPattern = (text: string) =>
  `%${searchKey(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** `column like pattern`, with the escape character both dialects need spelled out. */
export const likeEscaped = (column: string, pattern: string) =>
  sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;

/**
 * The dictionary of distinct tags, viewer users and target values (migration 012). A filter's
 * text is matched against it, not against the ledger's rows: there are few values and many
 * rows. Each value is written with the row that brings it, in the same transaction; this
 * process remembers what it wrote today, so a busy tag costs one upsert a day, not one per
 * token. `seen_at` only moves forward, so retention can tell a value no new row has used.
 */
export class LedgerTerms {
  private readonly seenToday = new Map<string, number>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /** The terms of a row still to be written today (call `remember` once they are committed). */
  pending(terms: Term[], at: number): Term[] {
    const day = Math.floor(at / DAY_MS);
    const keys = new Set<string>();
    return terms.filter((term) => {
      const key = `${term.field}\u0000${term.value}`;
      if (this.seenToday.get(key) === day || keys.has(key)) return false;
      keys.add(key);
      return true;
    });
  }

  remember(terms: Term[], at: number) {
    if (this.seenToday.size + terms.length > SEEN_CACHE_SIZE) this.seenToday.clear();
    const day = Math.floor(at / DAY_MS);
    for (const term of terms) this.seenToday.set(`${term.field}\u0000${term.value}`, day);
  }

  /** Inside a write unit: safe to run again (the queue may retry a unit on its own). */
  async write(trx: Kysely<Database>, terms: Term[], at: number) {
    if (terms.length === 0) return;
    await trx
      .insertInto('ledger_term')
      .values(
        // In one order, as the counts are (ledger-rollups.ts): no deadlock between replicas.
        [...terms].sort(byFieldAndValue).map((term) => ({
          field: term.field,
          value: term.value,
          value_lc: searchKey(term.value),
          seen_at: at,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['field', 'value'])
          .doUpdateSet({ seen_at: (eb) => eb.ref('excluded.seen_at') })
          .where('ledger_term.seen_at', '<', (eb) => eb.ref('excluded.seen_at')),
      )
      .execute();
  }

  /**
   * `select value …`: the values of `field` that contain `text` (any case). SQLite reads them
   * from its FTS5 trigram table (migration 012), driven by it so that a `limit` stops it early,
   * when the text has three characters or more and nothing FTS5's LIKE would take for a
   * wildcard; PostgreSQL's planner picks its pg_trgm index by itself.
   */
  matching(field: LedgerTermField, text: string): RawBuilder<unknown> {
    const pattern = containsPattern(text);
    const key = searchKey(text);
    if (this.dialect === 'sqlite' && [...key].length >= 3 && !/[\\%_]/.test(key)) {
      return sql`select t.value from ledger_term_search as s
        join ledger_term as t on t.id = s.rowid
        where s.value_lc like ${pattern} and t.field = ${field}`;
    }
    return sql`select value from ledger_term
      where field = ${field} and ${likeEscaped('value_lc', pattern)}`;
  }

  /** `value` itself when a token has had it in `field` (an exact filter), else nothing. */
  async exactly(field: LedgerTermField, value: string): Promise<ValueSet> {
    const { rows } = await sql<{ value: string }>`select value from ledger_term
      where field = ${field} and value = ${value}`.execute(this.db);
    return { values: rows.map((row) => row.value) };
  }

  /**
   * The values a filter's text matches, listed when there are at most `limit` (the scan stops
   * at one more, so a text that matches much costs little); past that, the dictionary is
   * asked again inside the list's SQL.
   */
  async lookup(field: LedgerTermField, text: string, limit = TERM_LIMIT): Promise<ValueSet> {
    const { rows } = await sql<{ value: string }>`${this.matching(field, text)}
      limit ${limit + 1}`.execute(this.db);
    if (rows.length <= limit) return { values: rows.map((row) => row.value) };
    const pattern = containsPattern(text);
    return {
      values: [],
      overflow: this.matching(field, text),
      holds: (column) => sql<SqlBool>`exists (select 1 from ledger_term as held
        where held.field = ${field} and held.value = ${sql.ref(column)}
        and ${likeEscaped('held.value_lc', pattern)})`,
    };
  }
}

const byFieldAndValue = (a: Term, b: Term) => byText(a.field, b.field) || byText(a.value, b.value);
