import type { Reason } from './oracle.ts';

export interface KnownFinding {
  route: string;
  reason: Reason;
  /** What it is, and who is on it. Remove the entry when the fix has merged. */
  note: string;
}

/**
 * Open findings the fuzz test tolerates for now, keyed by route and reason; anything else it
 * finds fails `pnpm test`. When a fix merges, delete its entries: from then on the run keeps
 * it fixed (the regression requests in regressions.ts are sent in every run).
 */
export const KNOWN_FINDINGS: KnownFinding[] = [];

export const knownFinding = (route: string, reason: string) =>
  KNOWN_FINDINGS.find((known) => known.route === route && known.reason === reason);
