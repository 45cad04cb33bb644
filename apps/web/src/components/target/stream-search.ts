import type { Stream } from '@ptd/contracts';

/**
 * How the pickers search streams as the user types: the streams feature's `useStreamSearch`
 * (features/streams/api/stream-search.ts), passed in by the form that shows them, so that these
 * shared components do not reach into a feature. Always the same function: it is a hook.
 */
export type UseStreamSearch = (
  input: string,
  onFound?: (streams: Stream[]) => void,
) => { search: string; items: Stream[]; loading: boolean; error: unknown };
