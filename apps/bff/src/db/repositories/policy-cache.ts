import { isDatabaseUnavailable } from '../unavailable.ts';
import { policyOrigins, type PolicyRow } from './policy-record.ts';

/**
 * How long this process answers viewers from its copy of the policy table. A change made
 * through this process is seen at once (the repository drops the copy); one made through
 * another replica sharing the database, within this long.
 */
export const POLICY_CACHE_MS = 1000;

interface Snapshot {
  takenAt: number;
  byId: Map<string, PolicyRow>;
  /** Newest first, as `byGroup()` answers. */
  byGroup: Map<string, PolicyRow[]>;
  /** Origins some enabled policy lists. */
  enabledOrigins: Set<string>;
}

/**
 * The policy table in memory for the public token endpoint, which otherwise read it on every
 * viewer's request (its CORS check, the policy, the origin check). Policies are few (the
 * dashboard lists them without paging), so the whole table is read again once the copy is
 * older than `maxAgeMs`, by the first request that needs it; the others wait for that one read.
 *
 * Only answers that something exists come from the copy: a policy id or group it does not
 * know, or an origin no policy in it lists, is looked up in the database as before, so a policy
 * just created on another replica works at once, and a miss costs what every request did.
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
  ) {}

  invalidate() {
    this.generation += 1;
    this.snapshot = undefined;
    this.loading = undefined;
  }

  async byId(id: string): Promise<PolicyRow | undefined> {
    return (await this.current()).byId.get(id);
  }

  async byGroup(groupId: string): Promise<PolicyRow[]> {
    return (await this.current()).byGroup.get(groupId) ?? [];
  }

  async enabledAllows(origin: string): Promise<boolean> {
    return (await this.current()).enabledOrigins.has(origin);
  }

  private current(): Snapshot | Promise<Snapshot> {
    const snapshot = this.snapshot;
    if (snapshot && this.clock() - snapshot.takenAt < this.maxAgeMs) return snapshot;
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<Snapshot> {
    const generation = this.generation;
    const takenAt = this.clock();
    try {
      const snapshot = build(await this.loadAll(), takenAt);
      if (generation === this.generation) this.snapshot = snapshot;
      return snapshot;
    } catch (error) {
      // The database does not answer (a restart, a failover), so no policy is changed through
      // it either: viewers keep the copy, and the table is read again after `maxAgeMs`.
      const stale = this.snapshot;
      if (!stale || !isDatabaseUnavailable(error)) throw error;
      const kept = { ...stale, takenAt };
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
