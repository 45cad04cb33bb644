import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { HttpError } from '../../lib/errors.ts';
import { neverDeliveredDetails } from './attempt.ts';
import { tokenServiceDeps, type TokenServiceDeps } from './deps.ts';
import { startLedgerRetention } from './ledger-retention.ts';
import { settleRevocation, type SettleDeps } from './settle-revocation.ts';

/** How often open attempts and pending revocations are looked at (besides at start). */
export const SWEEP_EVERY_MS = 30_000;
const BATCH = 200;

/** What the sweeper works with: the token services' share, and the log its findings go to. */
export type SweepDeps = SettleDeps &
  Pick<TokenServiceDeps, 'liveCallLimitMs'> & { log: FastifyBaseLogger };

export const sweepDeps = (app: FastifyInstance): SweepDeps => ({
  ...tokenServiceDeps(app),
  log: app.log,
});

/** Marks attempts whose process is gone as never delivered, each with an audit entry. */
export async function markAbandonedAttempts(
  deps: Pick<SweepDeps, 'repos' | 'now' | 'liveCallLimitMs' | 'log'>,
): Promise<number> {
  const cutoff = deps.now() - deps.liveCallLimitMs;
  let marked = 0;
  for (;;) {
    const attempts = await deps.repos.ledger.attempts.abandoned(cutoff, BATCH);
    if (attempts.length === 0) break;
    marked += await deps.repos.ledger.attempts.neverDelivered(
      attempts.map((attempt) => ({
        id: attempt.id,
        audit: deps.repos.audit.row({
          action: 'token.never-delivered',
          actorId: null,
          subject: attempt.id,
          details: neverDeliveredDetails(attempt, 'abandoned', {
            ...(attempt.created_by ? { requestedBy: attempt.created_by } : {}),
          }),
        }),
      })),
    );
    if (attempts.length < BATCH) break;
  }
  if (marked > 0)
    deps.log.warn({ marked }, 'attempts left open by a stopped process are marked never delivered');
  return marked;
}

/** Asks the token service about revocations whose answer was lost. */
export async function settlePendingRevocations(deps: SweepDeps): Promise<number> {
  const cutoff = deps.now() - deps.liveCallLimitMs;
  let settled = 0;
  for (const row of await deps.repos.ledger.revocations.pending(cutoff, BATCH)) {
    try {
      if (await settleRevocation(deps, row)) settled += 1;
    } catch (error) {
      // The token service cannot be asked now: the others would wait for the same timeout.
      if (error instanceof HttpError) throw error;
      deps.log.warn(
        { ledgerId: row.id, err: (error as Error).message },
        'a pending revocation cannot be checked (its sealed token does not open)',
      );
    }
  }
  return settled;
}

/**
 * Runs both at start (attempts before the app listens) and then every 30 s. Every change is
 * conditional, so replicas sharing a database may all run it. Retention (hourly) starts here
 * too.
 */
export async function startLedgerSweeper(app: FastifyInstance) {
  const deps = sweepDeps(app);
  await markAbandonedAttempts(deps);
  let running: Promise<void> | undefined;
  const sweep = () => {
    running ??= (async () => {
      try {
        await markAbandonedAttempts(deps);
        await settlePendingRevocations(deps);
      } catch (error) {
        app.log.warn({ err: (error as Error).message }, 'sweeping the ledger failed; next time');
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  timer.unref();
  startLedgerRetention(app);
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
