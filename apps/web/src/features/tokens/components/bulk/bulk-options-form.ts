import type { TokenRequestInput } from '@ptd/contracts';
import type { TokenFormInput } from '../token-form/types.ts';

/** The shared options as sent: no user id (each row names its own), nothing form-only. */
export function toBatchOptions(values: TokenFormInput): Record<string, unknown> {
  const { ipConfirmedFor: _confirmed, user: _user, ...rest } = values;
  const options: Partial<TokenRequestInput> = { ...rest };
  for (const key of ['ip', 'domain', 'tag'] as const) {
    if (!options[key]?.trim()) delete options[key];
  }
  return JSON.parse(JSON.stringify(options)) as Record<string, unknown>;
}
