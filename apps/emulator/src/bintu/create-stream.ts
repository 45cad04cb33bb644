import { randomInt, randomUUID } from 'node:crypto';
import type { BintuCreateStream } from '@ptd/contracts';
import type { Organisation, StreamRecord } from '../seed/types.ts';
import type { StreamStore } from '../store/streams.ts';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `ORGHASH-xxxxx`: the organisation hash and five random alphanumerics, unique overall. */
function newStreamName(org: Organisation, store: StreamStore): string {
  for (;;) {
    let suffix = '';
    for (let i = 0; i < 5; i += 1) suffix += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
    const name = `${org.hash}-${suffix}`;
    if (!store.hasName(name)) return name;
  }
}

/**
 * Creates a stream, or with `transcodes` an ABR group: a parent (its id is the group id)
 * plus one rendition per transcode, all sharing `streamgroup`. Returns the parent.
 * Runtime streams live in memory only; a restart brings back just the seed.
 */
export function createStreams(
  org: Organisation,
  body: BintuCreateStream,
  store: StreamStore,
  nowMs: number,
): StreamRecord {
  const createdAt = new Date(nowMs).toISOString();
  const tags = [...new Set(body.tags ?? [])];
  const parentId = randomUUID();
  const parent: StreamRecord = {
    id: parentId,
    orgId: org.id,
    name: newStreamName(org, store),
    state: 'created',
    tags,
    createdAt,
    streamgroup: parentId,
  };
  store.add([parent]);
  for (const transcode of body.transcodes ?? []) {
    store.add([
      {
        id: randomUUID(),
        orgId: org.id,
        name: newStreamName(org, store),
        state: 'created',
        // Renditions keep the parent's tags so a tag filter finds the whole group.
        tags: [...new Set([...tags, ...(transcode.tags ?? [])])],
        createdAt,
        streamgroup: parentId,
        profile: transcode.profile,
      },
    ]);
  }
  return parent;
}
