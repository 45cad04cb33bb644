import type { TokenRequestInput } from '@ptd/contracts';
import { DEFAULT_PRESET, presetSeconds } from '../token-form/expiry-presets.ts';
import type { TokenFormInput } from '../token-form/types.ts';

export const bulkDefaults = (): TokenFormInput => ({
  target: { type: 'streams', streams: [] },
  expiresAt: undefined,
  expiresIn: presetSeconds(DEFAULT_PRESET),
  notBefore: undefined,
  revocable: false,
  forceDisconnect: false,
  ip: '',
  domain: '',
  user: '',
  tag: '',
});

/** The shared options as sent: no user id (each row names its own), nothing form-only. */
export function toBatchOptions(values: TokenFormInput): Record<string, unknown> {
  const { ipConfirmedFor: _confirmed, user: _user, ...rest } = values;
  const options: Partial<TokenRequestInput> = { ...rest };
  for (const key of ['ip', 'domain', 'tag'] as const) {
    if (!options[key]?.trim()) delete options[key];
  }
  return JSON.parse(JSON.stringify(options)) as Record<string, unknown>;
}
