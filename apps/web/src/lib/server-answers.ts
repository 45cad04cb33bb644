import { outageOf, type Outage } from './api-client.ts';

/**
 * Outages end here: lib/reconnect.ts notes each time the server answers again after one, for
 * what said it did not (a form's alert that asked to wait, a page whose code could not be
 * fetched); whatever finds the server answering first (lib/reconnect.ts, or the page's own
 * question) has the others ask at once instead of at their next turn, up to a few seconds later.
 */
let answers = 0;
const listeners = new Set<() => void>();
const askers = new Set<() => void>();

/** How many outages have ended in this tab. */
export const answersSoFar = () => answers;

/** Calls `listener` whenever an outage ends; returns the way to stop. */
export function onAnswersAgain(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** The server answers again (after lib/reconnect.ts asked it). */
export function noteAnswersAgain() {
  answers += 1;
  for (const listener of [...listeners]) listener();
}

/** Calls `asker` when something found the server answering; returns the way to stop. */
export function onAskNow(asker: () => void) {
  askers.add(asker);
  return () => void askers.delete(asker);
}

/** Something found the server answering again: lib/reconnect.ts asks it at once. */
export function askNow() {
  for (const asker of [...askers]) asker();
}

/** A form's alert's message that asked to wait, with what failed and in which outage. */
const waits = new Map<string, { what: Outage; outage: number }>();

/** Keeps the message of a failure that passes by itself, for `waitedFor`. */
export function noteWaiting(error: unknown) {
  const what = outageOf(error);
  if (!what || !(error instanceof Error)) return;
  waits.set(error.message, { what, outage: answers });
}

/**
 * What to say instead of `message` (a failure that passes by itself, "Try again in 2 s.") once
 * its outage is over: that what was sent then did not go through, and can be sent again. Null
 * while it is not over, and for any other message.
 */
export function waitedFor(message: string, answered: number): string | null {
  const wait = waits.get(message);
  if (!wait || answered <= wait.outage) return null;
  return wait.what === 'unreachable'
    ? 'The dashboard server could not be reached when this was sent. It answers again: send it again.'
    : wait.what === 'database'
      ? "The dashboard's database was not answering when this was sent. It answers again: send it again."
      : 'The dashboard was busy when this was sent. It answers again: send it again.';
}
