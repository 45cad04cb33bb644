import {
  TOKEN_COUNT_CAP,
  type TokenListQuery,
  type TokenStatus,
  type TokenTargetType,
} from '@ptd/contracts';
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../schema.ts';
import {
  and,
  expiringCondition,
  inValueSet,
  oneOf,
  statusCondition,
  TARGET_TYPE_COLUMN,
  targetTypeValue,
  type Condition,
  type Dialect,
  type ValueSet,
} from './ledger-conditions.ts';
import {
  candidates,
  choosePlan,
  estimateRows,
  type Candidate,
  type Driver,
  type Plan,
} from './ledger-plan.ts';

/** A list request with its text filters already resolved to the exact values they match. */
export interface LedgerSearch {
  status?: TokenStatus | undefined;
  policy?: string | undefined;
  /** A bulk batch's id. */
  batch?: string | undefined;
  tag?: ValueSet | undefined;
  user?: ValueSet | undefined;
  /** Staff ids. */
  createdBy?: string[] | undefined;
  /** `ledger_target` values: stream names, group ids, `*` for organisation-wide tokens. */
  targets?: ValueSet | undefined;
  /** What the tokens' targets are: any of these types. */
  targetTypes?: TokenTargetType[] | undefined;
  /** Seconds: active tokens expiring within them. */
  expiringWithin?: number | undefined;
  sort: TokenListQuery['sort'];
  order: TokenListQuery['order'];
}

/** Where a page starts: after (or before) this row, in the list's order. */
export interface Position {
  direction: 'after' | 'before';
  key: number;
  id: string;
}

export interface KeyedRow {
  id: string;
  k: number;
}

/** Index entries a count reads when each needs its ledger row (a combination of filters). */
const COUNT_LOOKUPS = 1_000;

/**
 * The token list's SQL. Every page is read in one of three ways, each bounded by the page
 * size or the count cap rather than by the size of the ledger:
 * - merge: one value or a few (a tag, a stream and the groups that play it, a creator): one
 *   short backward range scan of that value's index per value, merged;
 * - collect: many values but at most TOKEN_COUNT_CAP rows match (the count said so, or, with
 *   several filters, the estimate that chose the leading one): all of them through their
 *   values' index, sorted;
 * - walk: no text filter, or so many matches that the newest-first index finds a page at
 *   once (a status filter walks its partial index).
 * With several filters, the one whose values hold the fewest rows leads (ledger-plan.ts).
 */
export class LedgerSearchQueries {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** Which filter's index leads the page and the count (see choosePlan). */
  async plan(search: LedgerSearch): Promise<Plan> {
    return choosePlan(search, await estimateRows(this.db, this.dialect, candidates(search)));
  }

  async page(search: LedgerSearch, size: number, nowMs: number, at?: Position) {
    const plan = await this.plan(search);
    const count = this.count(search, plan.count, nowMs);
    if (plan.collect) {
      const [rows, counted] = await Promise.all([
        this.collect(search, plan.collect, size, nowMs, at),
        count,
      ]);
      return { rows, ...counted };
    }
    if (plan.page) {
      const [rows, counted] = await Promise.all([
        this.merge(search, plan.page, size, nowMs, at),
        count,
      ]);
      return { rows, ...counted };
    }
    // No text filter (or a rare status): the walk, beside the count.
    const collector = plan.count;
    if (!collector) {
      const [rows, counted] = await Promise.all([this.walk(search, size, nowMs, at), count]);
      return { rows, ...counted };
    }
    const counted = await count;
    const rows = counted.capped
      ? await this.walk(search, size, nowMs, at)
      : await this.collect(search, collector, size, nowMs, at);
    return { rows, ...counted };
  }

  /**
   * One page of ids without a count, for reading every match (exports, revoke by filter): the
   * merge where a few values lead, else the walk, whose conditions hold every filter.
   */
  async rowsOnly(search: LedgerSearch, size: number, nowMs: number, at?: Position) {
    const { page, collect } = await this.plan(search);
    if (collect) return this.collect(search, collect, size, nowMs, at);
    return page ? this.merge(search, page, size, nowMs, at) : this.walk(search, size, nowMs, at);
  }

  /**
   * Conditions on the ledger row; `except` is the driver's own (its values are the branches).
   * `counting`: the status may lead (a count reads its index; a page walks the order's).
   */
  private conditions(
    search: LedgerSearch,
    nowMs: number,
    except?: Driver,
    counting = false,
  ): Condition[] {
    const skip = (column: string) => except?.name === 'column' && except.column === column;
    const list: Condition[] = [];
    if (search.status) list.push(statusCondition(search.status, nowMs, counting));
    if (search.expiringWithin !== undefined) {
      list.push(expiringCondition(nowMs, search.expiringWithin, counting));
    }
    if (search.policy && !skip('ledger.policy_id')) {
      list.push(sql<SqlBool>`(ledger.policy_id || '') = ${search.policy}`);
    }
    if (search.batch && !skip('ledger.batch_id')) {
      list.push(sql<SqlBool>`ledger.batch_id = ${search.batch}`);
    }
    // Only compared, never led by: the driver, or the order's own index, leads.
    if (search.tag && !skip('ledger.tag')) {
      list.push(inValueSet(this.dialect, 'ledger.tag', search.tag, false));
    }
    if (search.user && !skip('ledger.viewer_user')) {
      list.push(inValueSet(this.dialect, 'ledger.viewer_user', search.user, false));
    }
    if (search.targetTypes && !skip(TARGET_TYPE_COLUMN)) {
      const values = search.targetTypes.map(targetTypeValue);
      list.push(oneOf(this.dialect, TARGET_TYPE_COLUMN, values, false));
    }
    if (search.createdBy && !skip('ledger.created_by')) {
      list.push(oneOf(this.dialect, 'ledger.created_by', search.createdBy, false));
    }
    if (search.targets && except?.name !== 'targets') {
      list.push(sql<SqlBool>`exists (select 1 from ledger_target as t
        where t.ledger_id = ledger.id and ${inValueSet(this.dialect, 't.value', search.targets)})`);
    }
    return list;
  }

  private sortColumn(search: LedgerSearch, fromTargets: boolean) {
    if (search.sort === 'expiresAt') return 'ledger.expires_at';
    return fromTargets ? 'ledger_target.created_at' : 'ledger.created_at';
  }

  private direction(search: LedgerSearch, at?: Position): 'asc' | 'desc' {
    if (at?.direction !== 'before') return search.order;
    return search.order === 'asc' ? 'desc' : 'asc';
  }

  private after(kColumn: string, idColumn: string, dir: 'asc' | 'desc', at?: Position) {
    if (!at) return sql<SqlBool>`1 = 1`;
    const op = sql.raw(dir === 'desc' ? '<' : '>');
    return sql<SqlBool>`(${sql.ref(kColumn)}, ${sql.ref(idColumn)}) ${op} (${at.key}, ${at.id})`;
  }

  /**
   * Rows of the ledger, or of ledger_target (with `target`, its condition) joined to the ledger
   * when a condition or the sort needs the ledger row; the sort key is `k`.
   */
  private rows(search: LedgerSearch, conditions: Condition[], target?: Condition) {
    const k = this.sortColumn(search, Boolean(target));
    const fromLedger = this.db
      .selectFrom('ledger')
      .select(['ledger.id as id', sql<number>`${sql.ref(k)}`.as('k')]);
    if (!target) return fromLedger.where(and(conditions));
    const base = this.db.selectFrom('ledger_target');
    // Without other conditions the stream's own index answers alone (migration 004).
    const joined =
      conditions.length === 0 && search.sort === 'createdAt'
        ? base
        : (base.innerJoin(
            'ledger',
            'ledger.id',
            'ledger_target.ledger_id',
          ) as unknown as typeof base);
    // The same columns (`id`, `k`) either way; the builder's table types differ only.
    return joined
      .select(['ledger_target.ledger_id as id', sql<number>`${sql.ref(k)}`.as('k')])
      .where(target)
      .where(and(conditions)) as unknown as typeof fromLedger;
  }

  private async merge(
    search: LedgerSearch,
    { driver, set }: Candidate,
    size: number,
    nowMs: number,
    at?: Position,
  ): Promise<KeyedRow[]> {
    const dir = this.direction(search, at);
    const fromTargets = driver.name === 'targets';
    const conditions = this.conditions(search, nowMs, driver);
    const { values } = set;
    const column = driver.name === 'targets' ? 'ledger_target.value' : driver.column;
    const idColumn = fromTargets ? 'ledger_target.ledger_id' : 'ledger.id';
    const k = this.sortColumn(search, fromTargets);
    const branch = (value: string, i: number) => {
      const own = sql<SqlBool>`${sql.ref(column)} = ${value}`;
      const rows = fromTargets
        ? this.rows(search, conditions, own)
        : this.rows(search, [...conditions, own]);
      return this.db
        .selectFrom(
          rows
            .where(this.after(k, idColumn, dir, at))
            .orderBy(sql.ref(k), dir)
            .orderBy(sql.ref(idColumn), dir)
            .limit(size)
            .as(`b${i}`),
        )
        .selectAll();
    };
    let merged = branch(values[0] as string, 0);
    for (let i = 1; i < values.length; i += 1) {
      // A token naming two matching streams is in two branches: union drops the copy.
      merged = fromTargets
        ? merged.union(branch(values[i] as string, i))
        : merged.unionAll(branch(values[i] as string, i));
    }
    return this.db
      .selectFrom(merged.as('m'))
      .select(['m.id', 'm.k'])
      .orderBy('m.k', dir)
      .orderBy('m.id', dir)
      .limit(size)
      .execute();
  }

  private async collect(
    search: LedgerSearch,
    { driver, set }: Candidate,
    size: number,
    nowMs: number,
    at?: Position,
  ) {
    const dir = this.direction(search, at);
    const fromTargets = driver.name === 'targets';
    const conditions = this.conditions(search, nowMs, driver);
    const own = inValueSet(this.dialect, fromTargets ? 'ledger_target.value' : driver.column, set);
    const idColumn = fromTargets ? 'ledger_target.ledger_id' : 'ledger.id';
    const matches = (
      fromTargets ? this.rows(search, conditions, own) : this.rows(search, [own, ...conditions])
    ).where(this.after(this.sortColumn(search, fromTargets), idColumn, dir, at));
    // Materialized: every match is read once through its values' index, then sorted; never
    // a walk of the whole ledger looking for them (the count said there are few).
    const collected = this.db
      .with(
        (cte) => cte('matches').materialized(),
        () => matches,
      )
      .selectFrom('matches')
      .select(['matches.id', 'matches.k']);
    // A token naming two matching streams is there twice.
    return (fromTargets ? collected.distinct() : collected)
      .orderBy('matches.k', dir)
      .orderBy('matches.id', dir)
      .limit(size)
      .execute();
  }

  private async walk(search: LedgerSearch, size: number, nowMs: number, at?: Position) {
    const dir = this.direction(search, at);
    const k = this.sortColumn(search, false);
    return this.rows(search, this.conditions(search, nowMs))
      .where(this.after(k, 'ledger.id', dir, at))
      .orderBy(sql.ref(k), dir)
      .orderBy('ledger.id', dir)
      .limit(size)
      .execute();
  }

  /**
   * How many match, up to the cap; `capped`: at least `total`. Counted in the index of one
   * filter's values (the driver); when other conditions need the ledger row, at most
   * COUNT_LOOKUPS of its entries are looked at, newest first where one value leads.
   */
  private async count(search: LedgerSearch, lead: Candidate | undefined, nowMs: number) {
    if (!lead) {
      const row = await this.db
        .selectFrom(
          this.db
            .selectFrom('ledger')
            .select(sql<number>`1`.as('one'))
            .where(and(this.conditions(search, nowMs, undefined, true)))
            .limit(TOKEN_COUNT_CAP + 1)
            .as('s'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const n = Number(row.n);
      return { total: Math.min(n, TOKEN_COUNT_CAP), capped: n > TOKEN_COUNT_CAP };
    }
    const { driver, set } = lead;
    const rest = this.conditions(search, nowMs, driver);
    const fromTargets = driver.name === 'targets';
    const column = fromTargets ? 'ledger_target.value' : driver.column;
    const limit = rest.length === 0 ? TOKEN_COUNT_CAP + 1 : COUNT_LOOKUPS + 1;
    let entries = this.db
      .selectFrom(fromTargets ? 'ledger_target' : 'ledger')
      .select(
        sql<string>`${sql.ref(fromTargets ? 'ledger_target.ledger_id' : 'ledger.id')}`.as('id'),
      )
      .where(inValueSet(this.dialect, column, set))
      .limit(limit);
    if (!set.overflow && set.values.length === 1) {
      entries = entries.orderBy(
        sql.ref(fromTargets ? 'ledger_target.created_at' : 'ledger.created_at'),
        'desc',
      );
    }
    // A token naming two matching streams has two target rows: count tokens, not rows.
    const distinct = sql.raw(fromTargets ? 'distinct ' : '');
    const matched =
      rest.length === 0
        ? sql<number>`count(${distinct}s.id)`
        : sql<number>`count(${distinct}case when exists (select 1 from ledger
            where ledger.id = s.id and ${and(rest)}) then s.id end)`;
    const row = await this.db
      .selectFrom(entries.as('s'))
      .select((eb) => [eb.fn.countAll<number>().as('examined'), matched.as('matched')])
      .executeTakeFirstOrThrow();
    const capped = Number(row.examined) >= limit;
    return { total: Math.min(Number(row.matched), TOKEN_COUNT_CAP), capped };
  }
}
