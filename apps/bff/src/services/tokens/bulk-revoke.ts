import {
  BULK_REVOKE_SAMPLE_SIZE,
  can,
  tokenFilterSchema,
  type BulkRevocation,
  type BulkRevocationPreview,
  type BulkRevocationRequest,
  type TokenFilter,
  type TokenRecord,
  type TokenTarget,
} from '@ptd/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import { toTokenRecord } from '../../db/repositories/ledger-record.ts';
import { appendOnlyId } from '../../lib/ids.ts';
import { HttpError, conflict, notFound } from '../../lib/errors.ts';
import { readOnlyCredential } from '../credential-role.ts';
import { resolveTokenSearch } from './resolve-search.ts';
import { STALE_MS, endStoppedJob, type BulkRevocationRunner } from './bulk-revoke-run.ts';
import type { TokenServiceDeps } from './deps.ts';
import type { RevokeActor } from './revoke.ts';
import type { StreamDirectory } from './stream-directory.ts';

const FAILURES_SHOWN = 50;
/** Stopped jobs one look takes over at most; the next look takes the rest. */
const RESUMED_PER_LOOK = 4;

interface Candidates {
  ids: string[];
  notRevocable: number;
  /** Of `ids`, those for a stream group or the whole organisation (see the preview). */
  widerTargets: number;
  sample: TokenRecord[];
  ownOnly: boolean;
}

/** What revoke by filter reads and writes; the revokes themselves run in the runner. */
export type BulkRevokeDeps = Pick<TokenServiceDeps, 'repos' | 'now' | 'credentialRole'>;

/**
 * The active revocable tokens a filter matches, as the overview lists them. An editor's cover
 * only their own (the revoke rule); other statuses than active have nothing to revoke. As of
 * `asOfMs`: the tokens created by then and active then, so that a count taken then is taken
 * again the same while new tokens arrive (tokens expired since are revoked all the same).
 */
async function candidates(
  deps: BulkRevokeDeps,
  actor: RevokeActor,
  filter: TokenFilter,
  streams: StreamDirectory,
  asOfMs: number,
): Promise<Candidates> {
  const ownOnly = !can(actor.staff.role, 'revokeAnyToken');
  const none: Candidates = { ids: [], notRevocable: 0, widerTargets: 0, sample: [], ownOnly };
  if (filter.status !== undefined && filter.status !== 'active') return none;
  const { search, empty } = await resolveTokenSearch(deps, filter, streams);
  if (empty) return none;
  search.status = 'active';
  if (ownOnly) {
    const mine = actor.staff.id;
    if (search.createdBy && !search.createdBy.includes(mine)) return none;
    search.createdBy = [mine];
  }
  const result: Candidates = { ...none };
  for await (const page of deps.repos.ledger.scan(search, 1000, asOfMs)) {
    for (const row of page) {
      if (Number(row.created_at) > asOfMs) continue;
      if (!row.revocable || !row.encrypted_token) {
        result.notRevocable += 1;
        continue;
      }
      result.ids.push(row.id);
      if ((JSON.parse(row.target) as TokenTarget).type !== 'streams') result.widerTargets += 1;
      if (result.sample.length < BULK_REVOKE_SAMPLE_SIZE) {
        result.sample.push(toTokenRecord(row, asOfMs));
      }
    }
  }
  return result;
}

export async function previewBulkRevocation(
  deps: BulkRevokeDeps,
  actor: RevokeActor,
  filter: TokenFilter,
  streams: StreamDirectory,
): Promise<BulkRevocationPreview> {
  const asOfMs = deps.now();
  const found = await candidates(deps, actor, filter, streams, asOfMs);
  return {
    count: found.ids.length,
    notRevocable: found.notRevocable,
    ownOnly: found.ownOnly,
    // A stream filter also matches the group and organisation tokens that play the stream.
    ...(filter.stream !== undefined ? { widerTargets: found.widerTargets } : {}),
    sample: found.sample,
    asOf: new Date(asOfMs).toISOString(),
  };
}

/** A preview's time is of the last day, not after now: older tokens' revoke window is closed. */
const ASOF_MAX_AGE_MS = 24 * 60 * 60 * 1000;

function asOfOf(body: BulkRevocationRequest, nowMs: number) {
  if (body.asOf === undefined) return nowMs;
  const asOfMs = Date.parse(body.asOf);
  if (asOfMs > nowMs || asOfMs < nowMs - ASOF_MAX_AGE_MS) {
    const message =
      'asOf: the time the preview answered with, within the last 24 hours. Check the tokens again before revoking.';
    throw new HttpError(400, 'invalid-request', message, {
      issues: [{ path: 'asOf', message }],
    });
  }
  return asOfMs;
}

/** Starts the job (answered at once) after checking the count the person confirmed. */
export async function startBulkRevocation(
  deps: BulkRevokeDeps,
  actor: RevokeActor,
  body: BulkRevocationRequest,
  streams: StreamDirectory,
  runner: BulkRevocationRunner,
): Promise<BulkRevocation> {
  if ((await deps.credentialRole()) === 'nanoReadOnly') throw readOnlyCredential();
  const filter = tokenFilterSchema.parse(body.filter);
  const found = await candidates(deps, actor, filter, streams, asOfOf(body, deps.now()));
  if (found.ids.length !== body.expectedCount) {
    throw conflict(
      'count-changed',
      `The filter now matches ${found.ids.length} revocable tokens, not ${body.expectedCount}: check them again before revoking.`,
    );
  }
  return runner.claimAndStart(async () => {
    const id = appendOnlyId();
    const runId = randomUUID();
    const now = deps.now();
    await deps.repos.ledger.bulkRevocations.create(
      {
        id,
        created_by: actor.staff.id,
        created_at: now,
        filter: JSON.stringify(filter),
        own_only: found.ownOnly ? 1 : 0,
        state: 'running',
        heartbeat_at: now,
        finished_at: null,
        run_id: runId,
      },
      found.ids,
    );
    runner.start(actor, id, runId, details(id, filter, found.ownOnly, found.ids.length));
    return viewBulkRevocation(deps, actor, id);
  });
}

const details = (id: string, filter: TokenFilter, ownOnly: boolean, total: number) => ({
  job: id,
  filter,
  ownOnly,
  total,
});

/** The job for its creator or an admin; 404 for anyone else (its filter is theirs). */
async function jobFor(deps: BulkRevokeDeps, actor: RevokeActor, id: string) {
  const job = await deps.repos.ledger.bulkRevocations.byId(id);
  if (!job || (job.created_by !== actor.staff.id && !can(actor.staff.role, 'revokeAnyToken'))) {
    throw notFound('The revoke by filter');
  }
  return job;
}

export async function viewBulkRevocation(
  deps: BulkRevokeDeps,
  actor: RevokeActor,
  id: string,
): Promise<BulkRevocation> {
  const job = await jobFor(deps, actor, id);
  const repo = deps.repos.ledger.bulkRevocations;
  const [counts, sent, failures] = await Promise.all([
    repo.counts(id),
    repo.sent(id),
    repo.failures(id, FAILURES_SHOWN),
  ]);
  const stale = job.state === 'running' && Number(job.heartbeat_at) < deps.now() - STALE_MS;
  const total = counts.pending + counts.revoked + counts.skipped + counts.failed + counts.stopped;
  return {
    id: job.id,
    state: stale ? 'interrupted' : job.state,
    filter: tokenFilterSchema.parse(JSON.parse(job.filter)),
    ownOnly: Boolean(job.own_only),
    createdBy:
      job.created_by && job.creator_email && job.creator_name !== null
        ? { id: job.created_by, email: job.creator_email, displayName: job.creator_name }
        : null,
    createdAt: new Date(Number(job.created_at)).toISOString(),
    finishedAt: job.finished_at === null ? null : new Date(Number(job.finished_at)).toISOString(),
    stoppedBy:
      job.stopped_by && job.stopper_email && job.stopper_name !== null
        ? { id: job.stopped_by, email: job.stopper_email, displayName: job.stopper_name }
        : null,
    stoppedAt: job.stopped_at == null ? null : new Date(Number(job.stopped_at)).toISOString(),
    runBy:
      job.run_by && job.runner_email && job.runner_name !== null
        ? { id: job.run_by, email: job.runner_email, displayName: job.runner_name }
        : null,
    total,
    ...counts,
    sent: Math.min(sent, counts.pending),
    run: {
      startedAt: new Date(Number(job.run_started_at)).toISOString(),
      settled: Number(job.run_settled),
    },
    failures: failures.map((row) => ({
      tokenId: row.id,
      tag: row.tag,
      user: row.viewer_user,
      expiresAt: new Date(Number(row.expires_at) * 1000).toISOString(),
      message: row.message ?? '',
    })),
  };
}

/**
 * Runs the job again for its failures (and whatever an interrupted run left pending), by the
 * person asking now, whose revoke rule applies to each token again.
 */
export async function retryBulkRevocation(
  deps: BulkRevokeDeps,
  actor: RevokeActor,
  id: string,
  runner: BulkRevocationRunner,
): Promise<BulkRevocation> {
  const job = await jobFor(deps, actor, id);
  if (job.stopped_at != null) {
    throw new HttpError(
      409,
      'stopped',
      'This revoke by filter was stopped, so the tokens it left stay as they are. To revoke some of them, start a new revoke by filter with the right filter.',
    );
  }
  if ((await deps.credentialRole()) === 'nanoReadOnly') throw readOnlyCredential();
  return runner.claimAndStart(async () => {
    const now = deps.now();
    const runId = randomUUID();
    const repo = deps.repos.ledger.bulkRevocations;
    if (!(await repo.claim(id, now, now - STALE_MS, runId, actor.staff.id))) {
      // Refused in the claim itself; the counts as they are now only choose the words.
      const { failed, pending } = await repo.counts(id);
      if (failed + pending === 0) {
        throw new HttpError(
          409,
          'nothing-to-retry',
          'No token of this revoke by filter is left to retry: every one was revoked or needed no revoke.',
        );
      }
      throw new HttpError(409, 'still-running', 'This revoke by filter is still running.');
    }
    const filter = tokenFilterSchema.parse(JSON.parse(job.filter));
    const counts = await repo.counts(id);
    runner.start(actor, id, runId, {
      ...details(id, filter, Boolean(job.own_only), counts.pending),
      retry: true,
    });
    return viewBulkRevocation(deps, actor, id);
  });
}

/**
 * Stop revoking: the job's starter or an admin marks it stopped, with one `token.bulk-revoke-stop`
 * entry (who, how many tokens were revoked by then, how many were left unsent and so stay valid,
 * how many revokes were already sent and may still succeed). Its runner, on
 * whichever replica, reads that before its next token: the revokes already sent finish and are
 * recorded, the rest are left as they are (`stopped`), and its `token.bulk-revoke` entry says it
 * was stopped. A job no runner holds (its heartbeat is stale) ends here at once. Stopping a
 * stopped or finished job answers it as it is; anyone else's is not found (404), as its view.
 */
export async function stopBulkRevocation(
  deps: BulkRevokeDeps,
  actor: RevokeActor,
  id: string,
): Promise<BulkRevocation> {
  const repo = deps.repos.ledger.bulkRevocations;
  // Not found for anyone else, as when they ask to see it: a job id tells them nothing.
  const job = await jobFor(deps, actor, id);
  const now = deps.now();
  await repo.stop(id, actor.staff.id, now, (counts) =>
    deps.repos.audit.row({
      action: 'token.bulk-revoke-stop',
      actorId: actor.staff.id,
      subject: id,
      ip: actor.ip,
      details: {
        job: id,
        revoked: counts.revoked,
        left: counts.pending - counts.sent,
        sent: counts.sent,
      },
    }),
  );
  const stoppedBy = await repo.stoppedBy(id);
  const runId = randomUUID();
  if (stoppedBy !== null && (await repo.takeOver(id, now, now - STALE_MS, runId))) {
    const filter = JSON.parse(job.filter) as TokenFilter;
    const { pending } = await repo.counts(id);
    // Its runner's (starter's, or who retried it), as a runner's end would be; the stopper's
    // when that account is gone.
    const starter = { staff: { id: job.run_by ?? actor.staff.id }, ip: actor.ip };
    await endStoppedJob(
      deps,
      id,
      runId,
      starter,
      details(id, filter, Boolean(job.own_only), pending),
      stoppedBy,
    );
  }
  return viewBulkRevocation(deps, actor, id);
}

/**
 * Takes over the jobs whose runner stopped (its replica was stopped or killed: no heartbeat for
 * STALE_MS) and revokes the rest as the staff member who runs them (`run_by`: who started them,
 * or who retried them last), whose account and revoke rule are read again before each token (a
 * disabled account fails the rest with that reason).
 * Every replica looks; the claim is conditional, so one takes each job. A job whose starter's
 * account is gone waits for an admin's Retry.
 */
export async function resumeStoppedRevocations(
  deps: BulkRevokeDeps,
  log: FastifyBaseLogger,
  runner: BulkRevocationRunner,
) {
  const repo = deps.repos.ledger.bulkRevocations;
  const now = deps.now();
  for (const job of await repo.stale(now - STALE_MS, RESUMED_PER_LOOK)) {
    const runId = randomUUID();
    if (job.run_by === null || !(await repo.takeOver(job.id, now, now - STALE_MS, runId))) {
      continue;
    }
    // As stored: it is only repeated in the audit entry.
    const filter = JSON.parse(job.filter) as TokenFilter;
    const { pending } = await repo.counts(job.id);
    log.info({ jobId: job.id, pending }, 'revoke by filter taken over from a stopped runner');
    // The role is read again before each token (the runner's currentActor).
    const runBy = { id: job.run_by, role: job.runner_role };
    runner.start({ staff: runBy, ip: null, log }, job.id, runId, {
      ...details(job.id, filter, Boolean(job.own_only), pending),
      resumed: true,
    });
  }
}
