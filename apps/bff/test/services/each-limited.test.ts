import { describe, expect, it } from 'vitest';
import { eachLimited } from '../../src/services/jobs/background-jobs.ts';

/** A promise settled from outside, and whether it has. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('eachLimited', () => {
  it('should run every item, at most `limit` at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await eachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running -= 1;
      done.push(n);
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('should end only once the items under way have ended, start none after a failure, and reject with it', async () => {
    const slow = deferred();
    const started: string[] = [];
    let slowEnded = false;
    let settled = false;
    const run = eachLimited(['slow', 'fails', 'later', 'last'], 2, async (item) => {
      started.push(item);
      if (item === 'slow') {
        await slow.promise;
        slowEnded = true;
      }
      if (item === 'fails') throw new Error('token service refused');
    }).finally(() => (settled = true));
    const outcome = run.catch((error: Error) => error.message);
    // The failing lane has ended; the slow item is still under way.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    slow.resolve();
    expect(await outcome).toBe('token service refused');
    expect(slowEnded).toBe(true);
    expect(started).toEqual(['slow', 'fails']);
  });
});
