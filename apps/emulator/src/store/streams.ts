import type { StreamState } from '@ptd/contracts';
import type { StreamRecord } from '../seed/types.ts';

export interface StreamFilter {
  state?: StreamState | undefined;
  /** The stream must carry every one of these tags. */
  tags: readonly string[];
}

interface Stored extends StreamRecord {
  /** Insertion order: breaks createdAt ties so an ABR parent lists before its renditions. */
  seq: number;
}

const newestFirst = (a: Stored, b: Stored) =>
  b.createdAt.localeCompare(a.createdAt) || a.seq - b.seq;

/** All streams of all organisations: the seed plus whatever was created at runtime. */
export class StreamStore {
  private readonly streams: Stored[] = [];

  constructor(seed: readonly StreamRecord[]) {
    this.add(seed);
  }

  add(records: readonly StreamRecord[]): void {
    for (const record of records) this.streams.push({ ...record, seq: this.streams.length });
  }

  /** Newest first, filtered; the caller pages. */
  list(orgId: string, filter: StreamFilter): StreamRecord[] {
    return this.streams
      .filter((s) => s.orgId === orgId)
      .filter((s) => filter.state === undefined || s.state === filter.state)
      .filter((s) => filter.tags.every((tag) => s.tags.includes(tag)))
      .sort(newestFirst);
  }

  byId(id: string): StreamRecord | undefined {
    return this.streams.find((s) => s.id === id);
  }

  /** Members of a stream group, parent (the stream whose id is the group id) first. */
  group(groupId: string): StreamRecord[] {
    return this.streams
      .filter((s) => s.streamgroup === groupId)
      .sort((a, b) => Number(b.id === groupId) - Number(a.id === groupId) || a.seq - b.seq);
  }

  hasName(name: string): boolean {
    return this.streams.some((s) => s.name === name);
  }

  namesOf(orgId: string): Set<string> {
    return new Set(this.streams.filter((s) => s.orgId === orgId).map((s) => s.name));
  }

  groupIdsOf(orgId: string): Set<string> {
    return new Set(this.streams.filter((s) => s.orgId === orgId).map((s) => s.streamgroup));
  }
}
