import { DatabaseOutage, isDatabaseUnavailable } from '../unavailable.ts';
import { policyOrigins, type PolicyRow } from './policy-record.ts';

/**
 * How long this process answers viewers from its copy of the policy table. A change made
 * through this process is seen at once (the repository drops the copy); one made through
 * another replica sharing the database, within this long.
 */
export const POLICY_CACHE_MS = 1000;

/**
 * How old a copy may be to answer that a policy id, group or origin is not there. Older, the
 * first such request reads the table again (the others wait for that read): a policy made on
 * another replica is found within this long, and a flood naming policies that do not exist
 * costs at most one read of the table per period, not a query per request.
 */
export const POLICY_MISS_RECHECK_MS = 100;

interface Snapshot {
  takenAt: number;
  byId: Map<string, PolicyRow>;
  /** Newest first, as `byGroup()` answers. */
  byGroup: Map<string, PolicyRow[]>;
  /** Origins some enabled policy lists. */
  enabledOrigins: Set<string>;
  /** Kept from before because the database did not answer this error: no answer of absence. */
  unavailable?: unknown;
}

/**
 * The policy table in memory for the public token endpoint, which otherwise read it on every
 * viewer's request (its CORS check, the policy, the origin check). Policies are few (the
 * dashboard lists them without paging), so the whole table is read again once the copy is
 * older than `maxAgeMs`, by the first request that needs it; the others wait for that one read.
 *
 * What the copy has is answered from it; what it lacks (a policy id or group, an origin no
 * enabled policy lists) from a copy at most `POLICY_MISS_RECHECK_MS` old, so a policy just
 * created on another replica works within that time. A copy kept while the database does not
 * answer answers nothing of absence: that is the database's error, as a query would have been.
 */
export class PolicyCache {
  private snapshot: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;
  /** Bumped by every local change: a read begun before one must not be kept. */
  private generation = 0;

  constructor(
    private readonly loadAll: () => Promise<PolicyRow[]>,
    private readonly clock: () => number = () => performance.now(),
    private readonly maxAgeMs = POLICY_CACHE_MS,
    private readonly missMs = Math.min(POLICY_MISS_RECHECK_MS, maxAgeMs),
    private readonly outage = new DatabaseOutage(),
  ) {}

  invalidate() {
    this.generation += 1;
    this.snapshot = undefined;
    this.loading = undefined;
  }

  async byId(id: string): Promise<PolicyRow | undefined> {
    return (await this.current()).byId.get(id) ?? (await this.recent()).byId.get(id);
  }

  async byGroup(groupId: string): Promise<PolicyRow[]> {
    const group = (await this.current()).byGroup.get(groupId);
    return group ?? (await this.recent()).byGroup.get(groupId) ?? [];
  }

  async enabledAllows(origin: string): Promise<boolean> {
    return (
      (await this.current()).enabledOrigins.has(origin) ||
      (await this.recent()).enabledOrigins.has(origin)
    );
  }

  /** A copy at most POLICY_MISS_RECHECK_MS old, for answers that something is not there. */
  private async recent(): Promise<Snapshot> {
    const snapshot = await this.current();
    if (snapshot.unavailable === undefined && this.clock() - snapshot.takenAt < this.missMs) {
      return snapshot;
    }
    if (snapshot.unavailable !== undefined && this.outage.down) throw snapshot.unavailable;
    this.loading ??= this.load();
    const next = await this.loading;
    if (next.unavailable !== undefined) throw next.unavailable;
    return next;
  }

  private current(): Snapshot | Promise<Snapshot> {
    const snapshot = this.snapshot;
    if (snapshot && this.clock() - snapshot.takenAt < this.maxAgeMs) return snapshot;
    if (snapshot && this.outage.down) {
      if (!this.loading && this.outage.probe()) {
        this.loading = this.load(true);
        // Not awaited here: its answer is for the requests after it.
        this.loading.catch(() => {});
      }
      if (snapshot.unavailable === undefined) {
        this.snapshot = { ...snapshot, unavailable: this.outage.error };
      }
      return this.snapshot ?? snapshot;
    }
    this.loading ??= this.load();
    return this.loading;
  }

  /** `probe`: the outage's probe, whose outcome lets the next one go. */
  private async load(probe = false): Promise<Snapshot> {
    const generation = this.generation;
    const takenAt = this.clock();
    try {
      const snapshot: Snapshot = build(await this.loadAll(), takenAt);
      this.outage.answered();
      if (generation === this.generation) this.snapshot = snapshot;
      return snapshot;
    } catch (error) {
      if (isDatabaseUnavailable(error)) this.outage.failed(error, probe);
      // Refused by the server itself: it answers.
      else if (probe) this.outage.answered();
      // The database does not answer (a restart, a failover), so no policy is changed through
      // it either: viewers keep the copy, and the table is read again after `maxAgeMs`.
      const stale = this.snapshot;
      if (!stale || !isDatabaseUnavailable(error)) throw error;
      const kept = { ...stale, takenAt, unavailable: error };
      if (generation === this.generation) this.snapshot = kept;
      return kept;
    } finally {
      if (generation === this.generation) this.loading = undefined;
    }
  }
}

function build(rows: PolicyRow[], takenAt: number): Snapshot {
  const byId = new Map<string, PolicyRow>();
  const byGroup = new Map<string, PolicyRow[]>();
  const enabledOrigins = new Set<string>();
  // Newest first, as the repository's byGroup orders them.
  const sorted = [...rows].sort((a, b) => Number(b.updated_at) - Number(a.updated_at));
  for (const row of sorted) {
    byId.set(row.id, row);
    if (row.group_id !== null) {
      const list = byGroup.get(row.group_id);
      if (list) list.push(row);
      else byGroup.set(row.group_id, [row]);
    }
    if (row.enabled) for (const origin of policyOrigins(row)) enabledOrigins.add(origin);
  }
  return { takenAt, byId, byGroup, enabledOrigins };
}
