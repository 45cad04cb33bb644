import type { FastifyBaseLogger } from 'fastify';

/** How long a window of a repeated log line lasts. */
export const LOG_WINDOW_MS = 10_000;

interface Window {
  endsAt: number;
  counts: Record<string, number>;
  timer: NodeJS.Timeout;
  say: () => void;
}

/** The line that says what a window counted. */
export interface WindowSummary {
  message: string;
  /** Beside `counts`; a function is asked when the line is written (a level at that time). */
  fields?: Record<string, unknown> | (() => Record<string, unknown>);
  /** That of the line it counts, so that an alert on the first sees the rest; `info` if unset. */
  level?: 'info' | 'warn' | 'error';
}

/**
 * Log lines a flood would repeat at its own rate (viewers refused by the thousand a second, or
 * all failing while the token service is down; writes the database refuses; requests while it
 * does not answer): per key, the first line of each `LOG_WINDOW_MS` is written in full and the
 * others are counted, by a tally of the caller's choosing (a status, a code, a route), and said
 * as one line once the window is over. `log` may be a request's logger or the app's.
 */
export class LogWindows {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number) {}

  /**
   * Whether to write this line (the first of `key` in its window). Otherwise it is counted
   * under `tally`, and `summary` (`{...fields, counts}`) says the counts later.
   */
  first(
    key: string,
    tally: string | number,
    log: FastifyBaseLogger,
    summary: WindowSummary,
  ): boolean {
    const now = this.now();
    const current = this.windows.get(key);
    if (current && now < current.endsAt) {
      current.counts[tally] = (current.counts[tally] ?? 0) + 1;
      return false;
    }
    if (current) this.close(key, current);
    const window: Window = {
      endsAt: now + LOG_WINDOW_MS,
      counts: {},
      // Said also when nothing follows the window.
      timer: setTimeout(() => this.close(key, window), LOG_WINDOW_MS).unref(),
      say: () => {
        const { fields } = summary;
        log[summary.level ?? 'info'](
          { ...(typeof fields === 'function' ? fields() : fields), counts: window.counts },
          summary.message,
        );
      },
    };
    this.windows.set(key, window);
    return true;
  }

  /**
   * Says every window's counts now, without waiting for its end: the app is closing (an
   * `onClose` hook), and a window's timer, which does not keep the process alive, would never
   * fire, so what a window counted in its last seconds would be lost.
   */
  flush() {
    for (const [key, window] of this.windows) this.close(key, window);
  }

  private close(key: string, window: Window) {
    clearTimeout(window.timer);
    if (this.windows.get(key) === window) this.windows.delete(key);
    if (Object.keys(window.counts).length === 0) return;
    window.say();
    window.counts = {};
  }
}
