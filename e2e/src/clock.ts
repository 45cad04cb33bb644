import type { BrowserContext } from 'playwright-core';

/**
 * Makes every page of `context` believe the time is `offsetMs` later (earlier, when negative)
 * than it is, as a laptop whose clock runs off does. Only `Date` moves: timers and animations
 * keep real time, so the app behaves normally otherwise.
 */
export async function shiftBrowserClock(context: BrowserContext, offsetMs: number) {
  await context.addInitScript((offset: number) => {
    const RealDate = Date;
    class ShiftedDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(RealDate.now() + offset);
        else super(...(args as [string | number]));
      }
      static override now() {
        return RealDate.now() + offset;
      }
    }
    globalThis.Date = ShiftedDate as DateConstructor;
  }, offsetMs);
}
