import { TOKEN_COUNT_CAP, type TokenStatus } from '@ptd/contracts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import {
  inValueSet,
  TARGET_TYPE_COLUMN,
  targetTypeValue,
  type Dialect,
  type ValueSet,
} from './ledger-conditions.ts';
import type { LedgerSearch } from './ledger-search.ts';

/** A page as a merge of one short index range per value costs values × page size. */
export const MERGE_LIMIT = 50;
/**
 * Index entries counted per filter to estimate its rows, at most. Past it a filter is only
 * known to be large; the count's cap is where "few" ends for the list anyway.
 */
export const ESTIMATE_LIMIT = TOKEN_COUNT_CAP;
/** Statuses of a few rows each: their partial index is the better way in. */
const RARE_STATUSES = new Set<TokenStatus>(['revocation-pending', 'never-delivered', 'issuing']);

/** The filter whose values' index a query reads first. */
export type Driver = { name: 'targets' } | { name: 'column'; column: string };

export interface Candidate {
  driver: Driver;
  set: ValueSet;
  /** Rows its values' index holds, counted up to ESTIMATE_LIMIT + 1; unknown: not counted. */
  rows?: number | undefined;
}

/** How a query reads the ledger: `page` merges a few values' ranges, `count` counts one index. */
export interface Plan {
  /** Merged: one short range of its index per value. */
  page: Candidate | undefined;
  count: Candidate | undefined;
  /** Every match read through its index and sorted: its rows are known to be few. */
  collect: Candidate | undefined;
}

/** Each text filter (and policy, batch) that could lead, with its values. */
export function candidates(search: LedgerSearch): Candidate[] {
  if (search.status && RARE_STATUSES.has(search.status)) return [];
  const all: Array<[Driver, ValueSet | undefined]> = [
    [{ name: 'targets' }, search.targets],
    [
      { name: 'column', column: 'ledger.policy_id' },
      search.policy ? { values: [search.policy] } : undefined,
    ],
    [
      { name: 'column', column: 'ledger.batch_id' },
      search.batch ? { values: [search.batch] } : undefined,
    ],
    [
      { name: 'column', column: TARGET_TYPE_COLUMN },
      search.targetTypes && { values: search.targetTypes.map(targetTypeValue) },
    ],
    [{ name: 'column', column: 'ledger.tag' }, search.tag],
    [{ name: 'column', column: 'ledger.viewer_user' }, search.user],
    [
      { name: 'column', column: 'ledger.created_by' },
      search.createdBy && { values: search.createdBy },
    ],
  ];
  return all.flatMap(([driver, set]) => (set ? [{ driver, set }] : []));
}

/** Not a set the dictionary found too many values of to list (see LedgerTerms.lookup). */
const listed = (set: ValueSet) => !set.overflow;
const valueCount = (set: ValueSet) => (set.overflow ? Number.MAX_SAFE_INTEGER : set.values.length);

/** Not counted (a set too large to list, or no choice was to be made): no fewer than any. */
const rowsOf = (c: Candidate) => c.rows ?? Number.MAX_SAFE_INTEGER;

/**
 * The candidate that leads: the one whose values' index holds the fewest rows, as counted up
 * to ESTIMATE_LIMIT; between candidates past that (or not counted), the one with the fewest
 * values, since a merge reads a page's worth per value. The number of values alone misleads:
 * a single hot tag can hold thousands of times the rows of a few viewers. Pure, so the choice
 * can be checked alone.
 */
export function leadingFilter(list: Candidate[]): Candidate | undefined {
  return [...list].sort(
    (a, b) => rowsOf(a) - rowsOf(b) || valueCount(a.set) - valueCount(b.set),
  )[0];
}

/**
 * Which index leads the page and the count. A page merges the values' ranges of a filter with
 * a short list of values in creation order; when the filter with the fewest rows cannot be
 * merged (too many values, another order) but is known to hold at most ESTIMATE_LIMIT rows,
 * the page collects them all through it and sorts them. Any filter can lead a count (a list
 * too long to send is asked of the dictionary inside the SQL).
 */
export function choosePlan(search: LedgerSearch, list: Candidate[]): Plan {
  const count = leadingFilter(list);
  const mergeable = (c: Candidate) => listed(c.set) && c.set.values.length <= MERGE_LIMIT;
  const byCreation = search.sort === 'createdAt';
  if (count && (!byCreation || !mergeable(count)) && rowsOf(count) <= ESTIMATE_LIMIT) {
    return { page: undefined, count, collect: count };
  }
  const page = byCreation ? leadingFilter(list.filter(mergeable)) : undefined;
  return { page, count, collect: undefined };
}

/**
 * The rows of each listed candidate's values, counted in their own index up to
 * ESTIMATE_LIMIT + 1, all in one statement; only when there is a choice to make.
 */
export async function estimateRows(
  db: Kysely<Database>,
  dialect: Dialect,
  list: Candidate[],
): Promise<Candidate[]> {
  const counted = list.filter((c) => listed(c.set));
  // One that can be counted leads anyway: the others are too many to list.
  if (counted.length < 2) return list;
  const parts = counted.map((c, i) => {
    const fromTargets = c.driver.name === 'targets';
    const column = c.driver.name === 'targets' ? 'ledger_target.value' : c.driver.column;
    const table = sql.raw(fromTargets ? 'ledger_target' : 'ledger');
    return sql`(select count(*) from (select 1 as one from ${table}
      where ${inValueSet(dialect, column, c.set)} limit ${ESTIMATE_LIMIT + 1}) as e)
      as ${sql.ref(`r${i}`)}`;
  });
  const { rows } = await sql<Record<string, number | string>>`select ${sql.join(parts)}`.execute(
    db,
  );
  const found = rows[0] ?? {};
  return list.map((c) => {
    const i = counted.indexOf(c);
    return i < 0 ? c : { ...c, rows: Number(found[`r${i}`]) };
  });
}
