import type { FastifyInstance } from 'fastify';
import { openDatabase, withStartupLock } from '../db/connect.ts';
import { AuditRepository } from '../db/repositories/audit.ts';
import { BulkBatchRepository } from '../db/repositories/bulk-batches.ts';
import { DatabaseHealthRepository } from '../db/repositories/database-health.ts';
import { IdempotencyRepository } from '../db/repositories/idempotency.ts';
import { LedgerRepository } from '../db/repositories/ledger.ts';
import { LedgerWriteBehind } from '../db/repositories/ledger-write-behind.ts';
import { PasswordResetRepository } from '../db/repositories/password-resets.ts';
import { PolicyRepository } from '../db/repositories/policies.ts';
import { RecoveryCodeRepository } from '../db/repositories/recovery-codes.ts';
import { SignInPendingRepository } from '../db/repositories/sign-in-pending.ts';
import { SignInThrottleRepository } from '../db/repositories/sign-in-throttle.ts';
import { StaffCredentialRepository } from '../db/repositories/staff-credentials.ts';
import { StaffSessionRepository } from '../db/repositories/staff-sessions.ts';
import { StoredSecretRepository } from '../db/repositories/stored-secrets.ts';
import { StaffRepository } from '../db/repositories/staff.ts';
import { onPostgres } from '../db/dialect.ts';
import { DatabaseOutage } from '../db/unavailable.ts';
import { POSTGRES_PARALLEL, WriteQueue } from '../db/write-queue.ts';
import fp from 'fastify-plugin';
import { bootstrapAdmin, bootstrapDeps } from '../services/bootstrap-admin.ts';
import { resealStoredSecrets } from '../services/stored-secrets.ts';

const PURGE_EVERY_MS = 60_000;

/** The database (migrated at start) and its repositories as `fastify.db` / `fastify.repos`. */
async function registerDb(app: FastifyInstance) {
  const db = await openDatabase({
    dataDir: app.config.dataDir,
    databaseUrl: app.config.databaseUrl?.reveal(),
    schema: app.config.databaseSchema,
    connectTimeoutMs: app.config.databaseConnectTimeoutMs,
    queryTimeoutMs: app.config.databaseQueryTimeoutMs,
    warn: (message) => app.log.warn(message),
  });
  app.decorate('db', db);
  // Learned by any of its users, the viewer endpoint's fallbacks all skip the database at once.
  const outage = new DatabaseOutage();
  app.decorate('databaseOutage', outage);
  const writes = onPostgres(db) ? new WriteQueue(db, POSTGRES_PARALLEL, true) : new WriteQueue(db);
  const ledger = new LedgerRepository(db, app.now, writes);
  app.decorate('repos', {
    staff: new StaffRepository(db),
    ledger,
    viewerRows: new LedgerWriteBehind(ledger, app.log, {
      maxHeld: app.config.viewerLedgerMaxHeldRows,
      now: app.now,
      outage,
    }),
    audit: new AuditRepository(db, app.now, writes),
    idempotency: new IdempotencyRepository(db, writes),
    policies: new PolicyRepository(db, outage),
    sessions: new StaffSessionRepository(db),
    credentials: new StaffCredentialRepository(db),
    recoveryCodes: new RecoveryCodeRepository(db),
    passwordResets: new PasswordResetRepository(db),
    pendingSignIns: new SignInPendingRepository(db),
    batches: new BulkBatchRepository(db, writes),
    signInThrottle: new SignInThrottleRepository(db),
    health: new DatabaseHealthRepository(db),
  });
  // One replica at a time: re-sealing and the first admin read, then write.
  await withStartupLock(db, async () => {
    if (app.ledgerKeys.length > 1) {
      // LEDGER_KEY names more than one key: bring what older keys sealed under the first one.
      const { resealed, unreadable } = await resealStoredSecrets(
        new StoredSecretRepository(db),
        app.ledgerKeys,
        app.now(),
      );
      app.repos.policies.changed();
      app.log.info({ resealed }, 'stored secrets sealed under the first LEDGER_KEY');
      if (unreadable > 0) {
        app.log.warn(
          { unreadable },
          'some stored secrets open with no LEDGER_KEY given; they cannot be used until the key that sealed them is back',
        );
      }
    }
    app.decorate('adminBootstrap', await bootstrapAdmin(bootstrapDeps(app)));
  });
  // Stored idempotent answers can hold a token: drop them once their replay window is over.
  const timer = setInterval(() => {
    app.repos.idempotency.purgeExpired(app.now()).catch((error: unknown) => {
      app.log.warn({ err: error }, 'purging expired idempotency records failed');
    });
  }, PURGE_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    // Viewer rows held behind their answers go in before the queue stops taking writes.
    await app.repos.viewerRows.close();
    await writes.close();
    await db.destroy();
  });
}

export const dbPlugin = fp(registerDb, { name: 'db' });
