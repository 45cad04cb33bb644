import { searchKey, type BintuStream, type Stream } from '@ptd/contracts';

/** Renditions an ABR stream gets: the same ladder as the seeded concert group. */
export const ABR_PROFILES = [
  'vtrans2-852x480x800x25',
  'vtrans2-640x360x500x25',
  'vtrans2-426x240x300x25',
] as const;

export function toStream(stream: BintuStream): Stream {
  return {
    id: stream.id,
    name: stream.ingest.rtmp.streamname,
    groupId: stream.streamgroup,
    state: stream.state,
    tags: stream.tags,
    createdAt: stream.created_at,
    abr: stream.playout.h5live.length > 1,
    ingest: { rtmpUrl: stream.ingest.rtmp.url, streamName: stream.ingest.rtmp.streamname },
    playout: stream.playout.h5live.map((entry) => ({
      id: entry.id,
      streamName: entry.streamname,
      index: entry.index,
      ...(entry.profile ? { profile: entry.profile } : {}),
    })),
  };
}

/** Name search: the stream name, any rendition name, or the id, by search key (any case). */
export function matchesSearch(stream: Stream, search: string): boolean {
  const needle = searchKey(search);
  return [stream.name, stream.id, ...stream.playout.map((p) => p.streamName)].some((v) =>
    searchKey(v).includes(needle),
  );
}
