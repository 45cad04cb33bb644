import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { credentialRoleSchema, type CredentialRole } from '@ptd/contracts';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../db/unavailable.ts';

const check = z.enum(['ok', 'failing']);
/** What anyone is told: ready or not, as the status code says. */
const readinessStatus = z.object({ status: z.enum(['ready', 'not-ready']) });
/**
 * What a signed-in admin is told besides: which check failed. Not for anyone: `database:
 * failing` tells when rate limits fall back to counting per replica.
 */
const readiness = readinessStatus.extend({
  checks: z.object({
    database: check,
    upstream: check,
    /** Failing when viewer tokens' rows cannot be held any more (decision 020). */
    ledgerWrites: check,
  }),
  /** Viewer tokens' ledger rows held behind their answers, not written yet. */
  viewerRowsWaiting: z.number().int().nonnegative(),
  /** A read-only credential is ready for reading, but cannot create or revoke tokens. */
  credentialRole: z.union([credentialRoleSchema, z.literal('unknown')]),
});

/** How long after a readiness check ended its answers serve further probes. */
export const READY_CHECK_REUSE_MS = 500;

type Check = z.infer<typeof check>;

interface UpstreamChecks {
  upstream: Check;
  role: CredentialRole | null;
}

/**
 * Liveness and readiness probes, outside /api (no CSRF; `/readyz` reads a session cookie when
 * one is sent, for the breakdown an admin is shown).
 */
export async function healthRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'The process is alive',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  /**
   * `run`'s answer, shared by every probe that arrives while it runs or within
   * READY_CHECK_REUSE_MS after it ended: `/readyz` is public, and each check is a query and two
   * calls to nanoStream Cloud on the connections viewers' tokens use.
   */
  const shared = <T>(run: (log: FastifyBaseLogger) => Promise<T>) => {
    let last: { result: Promise<T>; endedAt?: number } | undefined;
    return (log: FastifyBaseLogger): Promise<T> => {
      if (last && (last.endedAt === undefined || app.now() - last.endedAt < READY_CHECK_REUSE_MS)) {
        return last.result;
      }
      const entry: { result: Promise<T>; endedAt?: number } = { result: run(log) };
      const ended = () => {
        entry.endedAt = app.now();
      };
      entry.result.then(ended, ended);
      last = entry;
      return entry.result;
    };
  };
  /** `probe`: the circuit breaker's probe, whose outcome lets the next one go. */
  const ping = (log: FastifyBaseLogger, probe = false): Promise<Check> =>
    app.repos.health.ping().then(
      () => {
        app.databaseOutage.answered();
        return 'ok' as const;
      },
      (error: unknown) => {
        // What readiness learns, the viewer endpoint's fallbacks learn too: one breaker.
        if (isDatabaseUnavailable(error)) app.databaseOutage.failed(error, probe);
        else if (probe) app.databaseOutage.answered();
        log.warn({ err: { message: (error as Error).message } }, 'readiness: database failing');
        return 'failing' as const;
      },
    );
  const pinged = shared((log) => ping(log));
  /**
   * While the database is known down (the circuit breaker open) failing at once, instead of a
   * ping waiting out DATABASE_CONNECT_TIMEOUT_MS or DATABASE_QUERY_TIMEOUT_MS; one check a
   * second (DATABASE_PROBE_EVERY_MS) is also the breaker's probe, not waited for.
   */
  const database = async (log: FastifyBaseLogger): Promise<Check> => {
    if (!app.databaseOutage.down) return pinged(log);
    if (app.databaseOutage.probe()) void ping(log, true);
    return 'failing';
  };
  const upstream = shared(async (log): Promise<UpstreamChecks> => {
    const [upstream, role] = await Promise.all([
      app.nanostream.ping().then(
        () => 'ok' as const,
        (error: unknown) => {
          log.warn({ code: (error as { code?: string }).code }, 'readiness: upstream failing');
          return 'failing' as const;
        },
      ),
      app.credentialRole(),
    ]);
    return { upstream, role };
  });

  api.get(
    '/readyz',
    {
      config: { session: 'optional' },
      schema: {
        tags: ['health'],
        summary:
          'The database answers, nanoStream Cloud is reachable and viewer tokens can be recorded',
        description:
          'Anyone gets the status code and `{ "status" }`; a signed-in admin (session cookie) also gets which check failed, the viewer token rows held and the credential’s role.',
        response: {
          200: z.union([readiness, readinessStatus]),
          503: z.union([readiness, readinessStatus]),
        },
      },
    },
    async (request, reply) => {
      const [databaseCheck, { upstream: upstreamCheck, role }] = await Promise.all([
        database(request.log),
        upstream(request.log),
      ]);
      // Full of rows the database refused: this replica issues no viewer token until they are in.
      const ledgerWrites = app.repos.viewerRows.hasRoom ? ('ok' as const) : ('failing' as const);
      const ready = databaseCheck === 'ok' && upstreamCheck === 'ok' && ledgerWrites === 'ok';
      const status = ready ? ('ready' as const) : ('not-ready' as const);
      // The answer depends on who asks: no cache keeps an admin's for anyone.
      reply.code(ready ? 200 : 503).header('cache-control', 'no-store');
      if (request.staff?.role !== 'admin') return reply.send({ status });
      return reply.send({
        status,
        checks: { database: databaseCheck, upstream: upstreamCheck, ledgerWrites },
        viewerRowsWaiting: app.repos.viewerRows.pending,
        credentialRole: role ?? 'unknown',
      });
    },
  );
}
