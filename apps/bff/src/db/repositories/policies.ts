import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, PolicyTable } from '../schema.ts';
import type { DatabaseOutage } from '../unavailable.ts';
import { POLICY_CACHE_MS, PolicyCache } from './policy-cache.ts';
import { policyOrigins, type PolicyRow, type PolicyRowWithStaff } from './policy-record.ts';

export type PolicyInsert = Insertable<PolicyTable>;
export type PolicyChanges = Updateable<Omit<PolicyTable, 'id' | 'created_at' | 'created_by'>>;

export class PolicyRepository {
  /** For the public token endpoint only: see PolicyCache for what may be stale, and how long. */
  private readonly cache: PolicyCache;

  constructor(
    private readonly db: Kysely<Database>,
    /** What the app knows of the database's answers (shared with the rate limits). */
    outage?: DatabaseOutage,
  ) {
    this.cache = new PolicyCache(
      () => this.db.selectFrom('policy').selectAll().execute(),
      undefined,
      POLICY_CACHE_MS,
      undefined,
      outage,
    );
  }

  /** Any change to the table outside this repository (re-sealing secrets) must call this. */
  changed() {
    this.cache.invalidate();
  }

  private withStaff() {
    return this.db
      .selectFrom('policy')
      .leftJoin('staff as creator', 'creator.id', 'policy.created_by')
      .leftJoin('staff as updater', 'updater.id', 'policy.updated_by')
      .selectAll('policy')
      .select([
        'creator.email as creator_email',
        'creator.display_name as creator_name',
        'updater.email as updater_email',
        'updater.display_name as updater_name',
      ]);
  }

  async insert(row: PolicyInsert) {
    try {
      await this.db.insertInto('policy').values(row).execute();
    } finally {
      this.cache.invalidate();
    }
  }

  /** True when the policy exists (and was changed). */
  async update(id: string, changes: PolicyChanges) {
    try {
      const result = await this.db
        .updateTable('policy')
        .set(changes)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    } finally {
      this.cache.invalidate();
    }
  }

  byId(id: string): Promise<PolicyRowWithStaff | undefined> {
    return this.withStaff().where('policy.id', '=', id).executeTakeFirst();
  }

  /** Every policy: enabled first, then by name (a short list, no paging). */
  list(): Promise<PolicyRowWithStaff[]> {
    return this.withStaff()
      .orderBy('policy.enabled', 'desc')
      .orderBy('policy.name')
      .orderBy('policy.id')
      .execute();
  }

  /** Policies whose target is this stream group. */
  byGroup(groupId: string): Promise<PolicyRow[]> {
    return this.db
      .selectFrom('policy')
      .selectAll()
      .where('group_id', '=', groupId)
      .orderBy('updated_at', 'desc')
      .execute();
  }

  /** Whether any enabled policy lets pages of `origin` ask for tokens (CORS without a body). */
  async anyEnabledAllows(origin: string) {
    const rows = await this.db
      .selectFrom('policy')
      .select('allowed_origins')
      .where('enabled', '=', 1)
      .execute();
    return rows.some((row) => policyOrigins(row).includes(origin));
  }

  /** `byId` for viewers, from the cached table (see PolicyCache for how fresh). */
  cachedById(id: string): Promise<PolicyRow | undefined> {
    return this.cache.byId(id);
  }

  /** `byGroup` for viewers, the same way. */
  cachedByGroup(groupId: string): Promise<PolicyRow[]> {
    return this.cache.byGroup(groupId);
  }

  /** `anyEnabledAllows` for viewers' preflights and CORS, the same way. */
  cachedAnyEnabledAllows(origin: string) {
    return this.cache.enabledAllows(origin);
  }
}
