import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './001-initial.ts';
import { playbackPolicies } from './002-playback-policies.ts';
import { ledgerStatusIndexes } from './003-ledger-status-indexes.ts';
import { ledgerTargetCreated } from './004-ledger-target-created.ts';
import { policyOriginsAndKeys } from './005-policy-origins-and-keys.ts';
import { ledgerAttempts } from './006-ledger-attempts.ts';
import { signInThrottle } from './007-sign-in-throttle.ts';
import { staffSessions } from './008-staff-sessions.ts';
import { credentials } from './009-credentials.ts';
import { rateLimitWindows } from './011-rate-limit-windows.ts';
import { ledgerSearchAndRetention } from './012-ledger-search-and-retention.ts';
import { singleSignOn } from './014-single-sign-on.ts';
import { tokenBatches } from './015-token-batches.ts';
import { bulkRevocations } from './016-bulk-revocations.ts';
import { ledgerRollups } from './017-ledger-rollups.ts';
import { ledgerJtiByIssueTime } from './018-ledger-jti-by-issue-time.ts';
import { sessionProof } from './019-session-proof.ts';
import { auditLogLines } from './020-audit-log-lines.ts';
import { ledgerTermSearchKeys } from './021-ledger-term-search-keys.ts';
import { tokenBatchesByCreator } from './022-token-batches-by-creator.ts';
import { bulkRevocationStop } from './023-bulk-revocation-stop.ts';
import { ledgerTargetType } from './024-ledger-target-type.ts';
import { bulkRunStart } from './025-bulk-run-start.ts';
import { bulkRevocationRun } from './026-bulk-revocation-run.ts';
import { ledgerBatchRow } from './027-ledger-batch-row.ts';

/**
 * Migrations live in code (not read from a folder at run time) so `tsx` and any bundler see
 * them. Names sort in the order they run; never rename or edit one that has shipped.
 */
const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-playback-policies': playbackPolicies,
  '003-ledger-status-indexes': ledgerStatusIndexes,
  '004-ledger-target-created': ledgerTargetCreated,
  '005-policy-origins-and-keys': policyOriginsAndKeys,
  '006-ledger-attempts': ledgerAttempts,
  '007-sign-in-throttle': signInThrottle,
  '008-staff-sessions': staffSessions,
  '009-credentials': credentials,
  '011-rate-limit-windows': rateLimitWindows,
  '012-ledger-search-and-retention': ledgerSearchAndRetention,
  '014-single-sign-on': singleSignOn,
  '015-token-batches': tokenBatches,
  '016-bulk-revocations': bulkRevocations,
  '017-ledger-rollups': ledgerRollups,
  '018-ledger-jti-by-issue-time': ledgerJtiByIssueTime,
  '019-session-proof': sessionProof,
  '020-audit-log-lines': auditLogLines,
  '021-ledger-term-search-keys': ledgerTermSearchKeys,
  '022-token-batches-by-creator': tokenBatchesByCreator,
  '023-bulk-revocation-stop': bulkRevocationStop,
  '024-ledger-target-type': ledgerTargetType,
  '025-bulk-run-start': bulkRunStart,
  '026-bulk-revocation-run': bulkRevocationRun,
  '027-ledger-batch-row': ledgerBatchRow,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
