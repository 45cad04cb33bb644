import { TOKEN_LIMITS } from '@ptd/contracts';

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;

export const EXPIRY_PRESETS = [
  { id: '1h', label: '1 hour', seconds: HOUR_S },
  { id: '24h', label: '24 hours', seconds: 24 * HOUR_S },
  { id: '7d', label: '7 days', seconds: 7 * DAY_S },
  { id: '14d', label: '14 days', seconds: 14 * DAY_S },
  { id: '30d', label: '30 days', seconds: 30 * DAY_S },
  { id: '365d', label: '365 days', seconds: TOKEN_LIMITS.maxLifetimeDays * DAY_S },
] as const;
export type ExpiryPresetId = (typeof EXPIRY_PRESETS)[number]['id'];

export const DEFAULT_PRESET: ExpiryPresetId = '14d';
export const DEFAULT_REVOCABLE_PRESET: ExpiryPresetId = '24h';
export const MAX_REVOCABLE_SECONDS = TOKEN_LIMITS.maxRevocableHours * HOUR_S;

/**
 * A preset's lifetime in seconds. The form sends it as `expiresIn`: the server counts it from
 * when it mints, by its own clock, so neither the time spent in the form nor a browser clock
 * that runs off changes what "24 hours" means.
 */
export function presetSeconds(id: ExpiryPresetId): number {
  return (EXPIRY_PRESETS.find((p) => p.id === id) ?? EXPIRY_PRESETS[3]).seconds;
}

/** The preset a duration stands for, if any. */
export const presetOf = (seconds: number | undefined) =>
  seconds === undefined ? null : (EXPIRY_PRESETS.find((p) => p.seconds === seconds)?.id ?? null);

/** A revocable token lives at most 24 hours, so longer presets are off while it is chosen. */
export const presetAllowed = (id: ExpiryPresetId, revocable: boolean) =>
  !revocable || (EXPIRY_PRESETS.find((p) => p.id === id)?.seconds ?? 0) <= MAX_REVOCABLE_SECONDS;
