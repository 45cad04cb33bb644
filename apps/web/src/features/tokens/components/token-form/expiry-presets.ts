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

/** The expiry a preset means if chosen now, to the whole second the token service uses. */
export function presetExpiry(id: ExpiryPresetId, now: number = Date.now()): string {
  const preset = EXPIRY_PRESETS.find((p) => p.id === id) ?? EXPIRY_PRESETS[3];
  return new Date((Math.floor(now / 1000) + preset.seconds) * 1000).toISOString();
}

/** A revocable token lives at most 24 hours, so longer presets are off while it is chosen. */
export const presetAllowed = (id: ExpiryPresetId, revocable: boolean) =>
  !revocable || (EXPIRY_PRESETS.find((p) => p.id === id)?.seconds ?? 0) <= MAX_REVOCABLE_SECONDS;
