import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../../config.ts';
import type { LedgerTable } from '../../db/schema.ts';
import type { TokenServiceDeps } from './deps.ts';
import { REVOKE_GRACE_SECONDS } from './revoke.ts';

/** How often expired rows past their retention period are looked for. */
export const RETENTION_EVERY_MS = 60 * 60_000;
/** The first run waits this long after start, so that starting is never slowed by it. */
const FIRST_RUN_AFTER_MS = 60_000;
const DAY_S = 86_400;
const DAY_MS = DAY_S * 1000;

/** What retention works with: the ledger, the audit log, the clock and the periods. */
export interface RetentionDeps extends Pick<TokenServiceDeps, 'repos' | 'now'> {
  log: FastifyBaseLogger;
  /** LEDGER_RETENTION_DAYS_VIEWER / _STAFF; 0 keeps that kind for ever. */
  days: Config['ledgerRetentionDays'];
  /** REVOCATION_JOB_RETENTION_DAYS; 0 keeps finished jobs for ever. */
  jobDays: number;
}

export const retentionDeps = (app: FastifyInstance): RetentionDeps => ({
  repos: { ledger: app.repos.ledger, audit: app.repos.audit },
  now: app.now,
  log: app.log,
  days: app.config.ledgerRetentionDays,
  jobDays: app.config.revocationJobRetentionDays,
});

export interface RetentionOptions {
  /** Rows per transaction: a few milliseconds of writing at most, between other writes. */
  batch?: number;
  /** Rest between batches, so that requests and token writes go first. */
  pauseMs?: number;
  /** Asked between batches: stop early (the app is closing). */
  stopped?: () => boolean;
}

export type RetentionResult = Record<LedgerTable['kind'], number>;

/**
 * Removes expired ledger rows older than LEDGER_RETENTION_DAYS_VIEWER / _STAFF (viewer tokens
 * first: they are the many), counting each into the daily table, in small transactions with a
 * pause between them. A revocable token stays while it can be revoked (24 h after expiry), a
 * pending revocation or an attempt in flight until settled. One audit entry per run that
 * removed anything. Every removal is conditional: replicas sharing a database may all run it.
 */
export async function applyRetention(
  deps: RetentionDeps,
  options: RetentionOptions = {},
): Promise<RetentionResult> {
  const batch = options.batch ?? 200;
  const pauseMs = options.pauseMs ?? 50;
  const nowMs = deps.now();
  const nowS = Math.floor(nowMs / 1000);
  const { days } = deps;
  const removed: RetentionResult = { viewer: 0, staff: 0 };
  for (const kind of ['viewer', 'staff'] as const) {
    if (days[kind] === 0) continue;
    const cutoffs = {
      kind,
      expiredBefore: nowS - days[kind] * DAY_S,
      revocableExpiredBefore: Math.min(nowS - days[kind] * DAY_S, nowS - REVOKE_GRACE_SECONDS),
    };
    for (;;) {
      if (options.stopped?.()) break;
      const ids = await deps.repos.ledger.retention.due(cutoffs, batch);
      if (ids.length === 0) break;
      removed[kind] += await deps.repos.ledger.retention.remove(ids, cutoffs, nowMs);
      if (ids.length < batch) break;
      await delay(pauseMs, undefined, { ref: false });
    }
  }
  await deps.repos.ledger.retention.pruneMinuteCounts(nowMs);
  await purgeRevocationJobs(deps, nowMs, batch, options);
  if (removed.viewer + removed.staff > 0) {
    await deps.repos.audit.record({
      action: 'ledger.retention',
      actorId: null,
      details: { removed, retentionDays: days },
    });
    deps.log.info(
      { removed },
      'expired tokens past their retention period removed from the ledger',
    );
  }
  return removed;
}

/**
 * Finished revoke-by-filter jobs past REVOCATION_JOB_RETENTION_DAYS go with their items (their
 * audit entries stay); a running or interrupted job is never finished, so it stays.
 */
async function purgeRevocationJobs(
  deps: RetentionDeps,
  nowMs: number,
  batch: number,
  options: RetentionOptions,
) {
  const days = deps.jobDays;
  if (days === 0) return;
  let removed = 0;
  for (;;) {
    if (options.stopped?.()) break;
    const jobs = await deps.repos.ledger.bulkRevocations.purgeFinished(
      nowMs - days * DAY_MS,
      batch,
    );
    removed += jobs;
    if (jobs < batch) break;
  }
  if (removed > 0) {
    deps.log.info({ removed, retentionDays: days }, 'finished revoke-by-filter jobs removed');
  }
}

/** Runs retention a minute after start and then every hour, never two runs at once. */
export function startLedgerRetention(app: FastifyInstance) {
  let closing = false;
  const deps = retentionDeps(app);
  let running: Promise<unknown> | undefined;
  const run = () => {
    running ??= applyRetention(deps, { stopped: () => closing })
      .catch((error: unknown) => {
        app.log.warn({ err: (error as Error).message }, 'ledger retention failed; next time');
      })
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(run, FIRST_RUN_AFTER_MS);
  const timer = setInterval(run, RETENTION_EVERY_MS);
  first.unref();
  timer.unref();
  app.addHook('onClose', async () => {
    closing = true;
    clearTimeout(first);
    clearInterval(timer);
    await running;
  });
}
