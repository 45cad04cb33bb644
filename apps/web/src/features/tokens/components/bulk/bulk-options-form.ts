import type { BulkOptions, TokenRequestInput } from '@ptd/contracts';
import type { TokenFormInput } from '../token-form/types.ts';

/** The shared options as sent: no user id (each row names its own), nothing form-only. */
export function toBatchOptions(values: TokenFormInput): BulkOptions {
  const { ipConfirmedFor: _confirmed, user: _user, ...rest } = values;
  const options: Partial<TokenRequestInput> = { ...rest };
  for (const key of ['ip', 'domain', 'tag'] as const) {
    if (!options[key]?.trim()) delete options[key];
  }
  // The form always holds a target.
  return JSON.parse(JSON.stringify(options)) as BulkOptions;
}
