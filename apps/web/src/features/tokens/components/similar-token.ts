import type { TokenRecord } from '@ptd/contracts';
import type { TokenFormInput } from './token-form/types.ts';

/**
 * A token's options as the form's starting values: the same target, restrictions and labels,
 * and the same lifetime counted from now (from its start, or its issue when it had no later
 * start). Never the token itself: the ledger does not hand it out.
 */
export function similarTokenValues(record: TokenRecord): Partial<TokenFormInput> {
  const start = Math.max(Date.parse(record.issuedAt), Date.parse(record.notBefore));
  const seconds = Math.max(60, Math.round((Date.parse(record.expiresAt) - start) / 1000));
  return {
    target: record.target,
    expiresAt: undefined,
    expiresIn: seconds,
    notBefore: undefined,
    revocable: record.revocable,
    forceDisconnect: record.forceDisconnect,
    ip: record.ip ?? '',
    domain: record.domain ?? '',
    user: record.user ?? '',
    tag: record.tag ?? '',
  };
}
