import type { TokenRecord } from '@ptd/contracts';

/**
 * Who created a token, in a word or two: the staff member's name, "Viewer request" for a token
 * a viewer's page asked for under a policy, "Unknown" for a creator since deleted.
 */
export const describeCreator = (record: Pick<TokenRecord, 'createdBy' | 'kind'>): string =>
  record.createdBy?.displayName ?? (record.kind === 'viewer' ? 'Viewer request' : 'Unknown');
