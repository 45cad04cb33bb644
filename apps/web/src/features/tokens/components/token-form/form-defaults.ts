import { DEFAULT_PRESET, presetSeconds } from './expiry-presets.ts';
import type { TokenFormInput } from './types.ts';

/** A fresh token form (single or bulk): the default lifetime, no restrictions, no labels. */
export const tokenFormDefaults = (streams: string[] = []): TokenFormInput => ({
  target: { type: 'streams', streams },
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
