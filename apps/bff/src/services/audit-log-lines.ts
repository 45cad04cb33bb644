import type { AuditEntry } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** How often each replica looks for audit entries no process has written to the log yet. */
export const AUDIT_LOG_EVERY_MS = 1_000;
/** Entries written per transaction. */
const BATCH = 500;
/** The message of an audit entry's log line; the entry is under `audit`. */
export const AUDIT_LOG_MESSAGE = 'audit';

/**
 * Every audit entry also goes to the log as one JSON line (`AUDIT_LOG_LINES`, on by default),
 * within about a second of its commit, so that a log shipper can take the trail to a place no
 * dashboard admin can change (a SIEM, an append-only store). The entries are read back from the
 * database rather than logged where they are written: every path that writes one (tokens,
 * revocations, bulk batches, sign-ins, staff changes) is then covered, and an entry whose
 * transaction rolled back is never logged. Replicas share the work (see `logPending`). A clean
 * shutdown writes the last ones before the database closes.
 */
async function registerAuditLogLines(app: FastifyInstance) {
  if (!app.config.auditLogLines || app.config.logLevel === 'silent') return;
  // Its own level: the trail reaches the log whichever level LOG_LEVEL sets (but silent).
  const log = app.log.child({}, { level: 'info' });
  const write = (entries: AuditEntry[]) => {
    for (const entry of entries) log.info({ audit: entry }, AUDIT_LOG_MESSAGE);
  };
  let failing = false;
  const drain = async () => {
    // Known down (the circuit breaker): nothing to read; the entries wait in the database.
    if (app.databaseOutage.down) return;
    try {
      while ((await app.repos.audit.logPending(write, BATCH)) === BATCH);
      if (failing) {
        failing = false;
        app.log.info('audit entries are written to the log again');
      }
    } catch (error) {
      if (failing) return;
      failing = true;
      app.log.warn(
        { err: (error as Error).message },
        'audit entries cannot be read for the log now; they are written once the database answers',
      );
    }
  };
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= drain().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(run, AUDIT_LOG_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
    await run();
  });
}

export const auditLogLinesPlugin = fp(registerAuditLogLines, {
  name: 'audit-log-lines',
  dependencies: ['db'],
});
