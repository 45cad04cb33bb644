import type { BulkRun } from '@ptd/contracts';
import { formatUntil } from './format.ts';
import { serverNow } from './server-clock.ts';

/**
 * "at this pace, done in 2 minutes": what is left of `total`, at the pace of the current `run`
 * (what was `done` since it began, from the `settled` it began with); false before anything
 * is done in it. A batch's minting and a revoke by filter say it. A run begins again with a
 * retry, cancelled rows minted later or a takeover after a restart: the hours a batch waited
 * before are not its pace.
 */
export function doneAtThisPace(run: BulkRun, done: number, total: number): string | false {
  const elapsed = serverNow() - Date.parse(run.startedAt);
  const doneInRun = done - run.settled;
  if (doneInRun <= 0 || elapsed <= 0) return false;
  const left = ((total - done) * elapsed) / doneInRun;
  return `at this pace, done ${formatUntil(serverNow() + left)}`;
}
