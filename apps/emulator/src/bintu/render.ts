import { EMBED_PATH } from '@ptd/contracts';
import type { BintuStream } from '@ptd/contracts';
import type { StreamRecord } from '../seed/types.ts';
import type { StreamStore } from '../store/streams.ts';

/** Where the request reached the emulator; links in stream objects point back to it. */
export interface PublicAddress {
  /** e.g. `http://127.0.0.1:4000` */
  origin: string;
  /** e.g. `127.0.0.1` */
  hostname: string;
}

/** No RTMP server runs here; the URL only has the shape a dashboard expects to show. */
export const ingestUrl = (address: PublicAddress) => `rtmp://${address.hostname}:1935/live`;

export function playoutPageUrl(address: PublicAddress, groupId: string): string {
  const url = new URL(EMBED_PATH, address.origin);
  url.searchParams.set('group.id', groupId);
  return url.toString();
}

/**
 * The bintu object of a stream. A group's parent lists every member as an h5live entry
 * (index 0 = the passthrough), which is what an ABR player switches between.
 */
export function toBintuStream(
  record: StreamRecord,
  store: StreamStore,
  address: PublicAddress,
): BintuStream {
  const isParent = record.streamgroup === record.id;
  const entries = isParent ? store.group(record.id) : [record];
  return {
    id: record.id,
    streamgroup: record.streamgroup,
    state: record.state,
    type: record.profile ? 'transcode' : 'live',
    created_at: record.createdAt,
    webrtc: false,
    transcoding: entries.length > 1 || record.profile !== undefined,
    tags: [...record.tags],
    ingest: { rtmp: { url: ingestUrl(address), streamname: record.name } },
    playout: {
      h5live: entries.map((entry, index) => ({
        id: entry.id,
        index,
        streamname: entry.name,
        ...(entry.profile ? { profile: entry.profile } : {}),
        tags: [...entry.tags],
      })),
      web: [{ url: playoutPageUrl(address, record.streamgroup) }],
    },
  };
}
