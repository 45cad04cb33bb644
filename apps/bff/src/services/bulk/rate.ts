import { setTimeout as delay } from 'node:timers/promises';

/**
 * Spaces the bulk worker's calls to the token service evenly: at most `perSecond` in this
 * process, whatever the concurrency, so that a batch of thousands never floods it.
 */
export class Pacer {
  private nextAt = 0;
  private readonly interval: number;

  constructor(perSecond: number) {
    this.interval = 1000 / perSecond;
  }

  async take() {
    const now = Date.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.interval;
    if (at > now) await delay(at - now, undefined, { ref: false });
  }
}
