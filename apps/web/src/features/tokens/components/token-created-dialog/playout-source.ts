import type { Stream, TokenRecord } from '@ptd/contracts';

/** Stream names an entries config lists for a stream: its renditions, or the stream itself. */
export const entryNames = (stream: Stream) =>
  stream.playout.length > 0 ? stream.playout.map((entry) => entry.streamName) : [stream.name];

/**
 * The stream whose playout URL the dialog shows first: the one the form was opened for when
 * the token covers it, else the first of the token's streams. Org-wide tokens take the stream
 * the form was opened for, or none (the user picks one).
 */
export function initialStream(
  target: TokenRecord['target'],
  streams: Stream[],
  preferred: Stream | undefined,
): Stream | null {
  if (target.type === 'streams') {
    const covered = streams.filter((stream) => target.streams.includes(stream.name));
    return covered.find((stream) => stream.id === preferred?.id) ?? covered[0] ?? null;
  }
  if (target.type === 'organisation') return preferred ?? null;
  return null;
}
