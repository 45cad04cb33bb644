import { formatUntil } from './format.ts';
import { serverNow } from './server-clock.ts';

/**
 * "at this pace, done in 2 minutes": what is left of `total`, at the pace of the `done` since
 * `startedAt`; false before anything is done. A batch's minting and a revoke by filter say it.
 */
export function doneAtThisPace(startedAt: string, done: number, total: number): string | false {
  const elapsed = serverNow() - Date.parse(startedAt);
  if (done === 0 || elapsed <= 0) return false;
  const left = ((total - done) * elapsed) / done;
  return `at this pace, done ${formatUntil(serverNow() + left)}`;
}
