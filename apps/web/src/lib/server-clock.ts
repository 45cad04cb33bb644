import { useNow } from './use-now.ts';

/** How far the BFF's clock is ahead of this browser's (negative: behind). */
let offsetMs = 0;

/**
 * Learns the server's clock from an answer that carries it. The server read its clock some
 * time between sending and receiving; the midpoint is the best guess, off by at most half the
 * round trip. A laptop clock that runs seconds or minutes off would otherwise decide which
 * expiry the form accepts.
 */
export function noteServerTime(serverTime: string, sentAt: number, receivedAt: number) {
  const server = Date.parse(serverTime);
  if (!Number.isNaN(server)) offsetMs = server - (sentAt + receivedAt) / 2;
}

/** Now by the server's clock, in milliseconds. */
export const serverNow = () => Date.now() + offsetMs;

/**
 * A moment picked on this browser's clock (an ISO instant), as the server is to take it. One no
 * later than the browser's now was meant as "now" (or earlier): on a clock that runs fast it
 * would be later than the server's now, a token not yet valid for a minute or two, so it becomes
 * the server's now. A later moment is kept as picked.
 */
export function meantAsNowOrLater(picked: string): string {
  const ms = Date.parse(picked);
  if (Number.isNaN(ms) || ms > Date.now()) return picked;
  const now = serverNow();
  return ms <= now ? picked : new Date(now).toISOString();
}

/** Now by the server's clock, refreshed every `intervalMs` like `useNow`. */
export function useServerNow(intervalMs?: number): number {
  return useNow(intervalMs) + offsetMs;
}
