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

/** Now by the server's clock, refreshed every `intervalMs` like `useNow`. */
export function useServerNow(intervalMs?: number): number {
  return useNow(intervalMs) + offsetMs;
}
