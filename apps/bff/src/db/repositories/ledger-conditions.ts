import type { TokenStatus, TokenTargetType } from '@ptd/contracts';
import { sql, type RawBuilder, type SqlBool } from 'kysely';

export type Condition = RawBuilder<SqlBool>;

/**
 * Values a column must hold one of: the ones listed, and (when the dictionary found more than
 * can be listed) those `overflow` selects from it (see LedgerTerms.matching).
 */
export interface ValueSet {
  values: string[];
  overflow?: RawBuilder<unknown>;
  /**
   * With `overflow`: whether a row's value (in `column`) is one of them, asked of the
   * dictionary for that one value. A condition that only compares reads this: it looks up the
   * values of the rows it meets, instead of collecting every value the text matches (11,111
   * viewers for "viewer-1") first, once per statement.
   */
  holds?: (column: string) => Condition;
}

export type Dialect = 'sqlite' | 'postgres';

export const and = (conditions: Condition[]): Condition =>
  conditions.length === 0
    ? sql<SqlBool>`1 = 1`
    : sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;

/**
 * The first letter of a token's target type (`s`treams, `g`roup, `o`rganisation), a column
 * the database computes from the target (migration 024).
 */
export const TARGET_TYPE_COLUMN = 'ledger.target_type';

/** The TARGET_TYPE_COLUMN value of each target type. */
export const targetTypeValue = (type: TokenTargetType) => type.slice(0, 1);

/**
 * A column as a condition may read it: `lead` lets the database walk the column's index by
 * it; otherwise the value is only compared (`col || ''` matches no index), so that a page
 * walks the index chosen for it instead of collecting every row of a busy value to sort.
 */
const operand = (column: string, lead: boolean) =>
  lead ? sql`${sql.ref(column)}` : sql`(${sql.ref(column)} || '')`;

/**
 * `column` is one of `values`, as one parameter whatever their number (more than one), so
 * that each filter is one statement text (SQLite keeps statements prepared by text) and no
 * list meets a limit on parameters.
 */
export function oneOf(dialect: Dialect, column: string, values: string[], lead = true): Condition {
  const value = operand(column, lead);
  // One value: a plain equality, which a planner knows walks its index in order.
  if (values.length === 1) return sql<SqlBool>`${value} = ${values[0]}`;
  return dialect === 'postgres'
    ? sql<SqlBool>`${value} = any(cast(${values} as text[]))`
    : sql<SqlBool>`${value} in (select value from json_each(${JSON.stringify(values)}))`;
}

export function inValueSet(
  dialect: Dialect,
  column: string,
  set: ValueSet,
  lead = true,
): Condition {
  if (!set.overflow) return oneOf(dialect, column, set.values, lead);
  const dictionary =
    !lead && set.holds
      ? set.holds(column)
      : sql<SqlBool>`${operand(column, lead)} in (${set.overflow})`;
  return set.values.length === 0
    ? dictionary
    : sql<SqlBool>`(${oneOf(dialect, column, set.values, lead)} or ${dictionary})`;
}

/**
 * A status in SQL, as statusOf computes it. State values are literals (see `inState`), and
 * each status leads with its partial index's condition (migrations 003, 006 and 010). With
 * `lead` false the token times are only compared (`+ 0` matches no index), so that a page walks
 * the newest-first index instead of sorting every unexpired row; a count wants them to lead.
 */
export function statusCondition(status: TokenStatus, nowMs: number, lead = true): Condition {
  const now = Math.floor(nowMs / 1000);
  const expires = lead ? sql`ledger.expires_at` : sql`(ledger.expires_at + 0)`;
  const live = sql<SqlBool>`ledger.revoked_at is null and ledger.state = 'issued'
    and ledger.revocation_requested_at is null`;
  switch (status) {
    case 'revoked':
      return sql<SqlBool>`ledger.revoked_at is not null`;
    case 'revocation-pending':
      return sql<SqlBool>`ledger.revocation_requested_at is not null`;
    case 'never-delivered':
      return sql<SqlBool>`ledger.state = 'never_delivered'`;
    case 'issuing':
      return sql<SqlBool>`ledger.state = 'issuing'`;
    case 'expired':
      return sql<SqlBool>`(${live} and ${expires} <= ${now})`;
    case 'scheduled':
      return sql<SqlBool>`(${live} and ${expires} > ${now} and ledger.not_before > ${now})`;
    case 'active':
      return sql<SqlBool>`(${live} and ${expires} > ${now} and ledger.not_before <= ${now})`;
  }
}

/**
 * "Expiring soon": active tokens (issued, unrevoked, valid now) that expire within `withinS`
 * seconds. Like statusCondition, the expiry only leads (its index) when `lead`.
 */
export function expiringCondition(nowMs: number, withinS: number, lead = true): Condition {
  const now = Math.floor(nowMs / 1000);
  const expires = lead ? sql`ledger.expires_at` : sql`(ledger.expires_at + 0)`;
  return sql<SqlBool>`(ledger.revoked_at is null and ledger.state = 'issued'
    and ledger.revocation_requested_at is null and ${expires} > ${now}
    and ${expires} <= ${now + withinS} and ledger.not_before <= ${now})`;
}
