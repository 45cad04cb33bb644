import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { byText } from '../../lib/order.ts';
import { ORGANISATION_TARGET } from './ledger-record.ts';
import { inState } from './ledger-attempts.ts';

export interface BucketCount {
  bucket: number;
  kind: string;
  policyId: string;
  tokens: number;
}

export interface TargetCount {
  value: string;
  group: boolean;
  tokens: number;
}

/**
 * Reads for the event overview. The charts of issued tokens read the rollups (a row per bucket,
 * kind and policy); the "now" figures read the live partial index `ledger_live_expires`
 * (migration 006) for rows that have not expired: the active tokens, not the ledger's history.
 */
export class LedgerInsights {
  constructor(private readonly db: Kysely<Database>) {}

  async hourly(fromMs: number): Promise<BucketCount[]> {
    const rows = await this.db
      .selectFrom('ledger_hourly')
      .select(['hour', 'kind', 'policy_id', 'tokens'])
      .where('hour', '>=', fromMs)
      .execute();
    return rows.map((row) => ({
      bucket: Number(row.hour),
      kind: row.kind,
      policyId: row.policy_id,
      tokens: Number(row.tokens),
    }));
  }

  async viewerMinutes(fromMs: number): Promise<BucketCount[]> {
    const rows = await this.db
      .selectFrom('ledger_minute')
      .select(['minute', 'kind', 'policy_id', 'tokens'])
      .where('minute', '>=', fromMs)
      .where('kind', '=', 'viewer')
      .execute();
    return rows.map((row) => ({
      bucket: Number(row.minute),
      kind: row.kind,
      policyId: row.policy_id,
      tokens: Number(row.tokens),
    }));
  }

  private live(nowS: number) {
    return this.db
      .selectFrom('ledger')
      .where('revoked_at', 'is', null)
      .where('state', '=', inState('issued'))
      .where('revocation_requested_at', 'is', null)
      .where('expires_at', '>', nowS)
      .where('not_before', '<=', nowS);
  }

  async activeTotal(nowS: number): Promise<number> {
    const row = await this.live(nowS)
      .select((eb) => eb.fn.countAll<number | string>().as('tokens'))
      .executeTakeFirstOrThrow();
    return Number(row.tokens);
  }

  /**
   * The targets of the newest `sample` active tokens (newest first through
   * `ledger_live_created`), busiest first. Every active token would be exact but costs a row
   * and a target lookup each: seconds on SQLite at 80,000 active tokens of 1,000,000.
   */
  async activeByTarget(nowS: number, limit: number, sample: number): Promise<TargetCount[]> {
    // Two plain queries rather than one join: each planner walks the newest live rows by their
    // index and stops at `sample`, then reads those rows' targets by `ledger_target_ledger`.
    const newest = await this.live(nowS)
      .select(['ledger.id', 'ledger.target'])
      .orderBy('ledger.created_at', 'desc')
      .limit(sample)
      .execute();
    if (newest.length === 0) return [];
    const groups = new Set(
      newest.filter((row) => row.target.startsWith('{"type":"group"')).map((row) => row.id),
    );
    const counts = new Map<string, { tokens: number; group: boolean }>();
    for (let i = 0; i < newest.length; i += 1_000) {
      const rows = await this.db
        .selectFrom('ledger_target')
        .select(['ledger_id', 'value'])
        .where(
          'ledger_id',
          'in',
          newest.slice(i, i + 1_000).map((row) => row.id),
        )
        .execute();
      for (const row of rows) {
        const entry = counts.get(row.value) ?? { tokens: 0, group: false };
        entry.tokens += 1;
        entry.group ||= groups.has(row.ledger_id);
        counts.set(row.value, entry);
      }
    }
    return [...counts.entries()]
      .map(([value, entry]) => ({
        value,
        group: value !== ORGANISATION_TARGET && entry.group,
        tokens: entry.tokens,
      }))
      .sort((a, b) => b.tokens - a.tokens || byText(a.value, b.value))
      .slice(0, limit);
  }

  /** Active tokens expiring before `untilS`, per hour of expiry (UNIX seconds). */
  async expiringByHour(
    nowS: number,
    untilS: number,
  ): Promise<Array<{ hour: number; tokens: number }>> {
    const rows = await this.live(nowS)
      .where('expires_at', '<=', untilS)
      .select([
        sql<number | string>`(expires_at / 3600) * 3600`.as('hour'),
        (eb) => eb.fn.countAll<number | string>().as('tokens'),
      ])
      .groupBy(sql`(expires_at / 3600) * 3600`)
      .execute();
    return rows.map((row) => ({ hour: Number(row.hour), tokens: Number(row.tokens) }));
  }

  async policyNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('policy')
      .select(['id', 'name'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}
