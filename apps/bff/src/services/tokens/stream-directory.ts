import type { Stream } from '@ptd/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';
import { SEARCH_SCAN_LIMIT } from '../../routes/api/streams/list.ts';
import { toStream } from '../../routes/api/streams/mapping.ts';
import type { NanostreamClient } from '../../upstream/client.ts';

/** How long a read of the organisation's streams is used before it is read again. */
export const STREAMS_FRESH_MS = 60_000;
/** How long a filter waits for bintu when nothing is known yet; then it goes without. */
const FIRST_READ_WAIT_MS = 2_000;
const PAGE = 150;

export interface StreamSnapshot {
  streams: Stream[];
  /** A group's head: the stream whose id is the group id (an ABR parent, or a plain stream). */
  heads: Map<string, Stream>;
}

/**
 * The organisation's streams and the groups they play in (bintu: a stream's `streamgroup`),
 * for the token list's stream filter. Read at most once a minute, by one request at a time;
 * while a new read runs, or when it fails, the last one answers (a stream's group does not
 * change once created). Only the newest SEARCH_SCAN_LIMIT streams are read, as for the
 * stream search.
 */
export class StreamDirectory {
  private snapshot: { value: StreamSnapshot; at: number } | undefined;
  private reading: Promise<StreamSnapshot | undefined> | undefined;

  constructor(
    private readonly client: NanostreamClient,
    private readonly now: () => number,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** The streams, or undefined when bintu cannot be read and nothing was read before. */
  async get(): Promise<StreamSnapshot | undefined> {
    const known = this.snapshot;
    if (known && this.now() - known.at < STREAMS_FRESH_MS) return known.value;
    const reading = this.read();
    if (known) return known.value;
    return Promise.race([reading, delay(FIRST_READ_WAIT_MS, undefined, { ref: false })]);
  }

  private read() {
    this.reading ??= this.fetchAll()
      .then((value) => {
        this.snapshot = { value, at: this.now() };
        return value;
      })
      .catch((error: unknown) => {
        this.log.warn(
          { err: (error as Error).message },
          'reading the streams for the stream filter failed; groups are matched by id only',
        );
        return this.snapshot?.value;
      })
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }

  private async fetchAll(): Promise<StreamSnapshot> {
    const streams: Stream[] = [];
    for (let page = 1; streams.length < SEARCH_SCAN_LIMIT; page += 1) {
      const answer = await this.client.listStreams({ page, quantity: PAGE });
      streams.push(...answer.data.map(toStream));
      if (page * PAGE >= answer.total || answer.data.length === 0) break;
    }
    const heads = new Map<string, Stream>();
    for (const stream of streams) if (stream.id === stream.groupId) heads.set(stream.id, stream);
    return { streams, heads };
  }
}
