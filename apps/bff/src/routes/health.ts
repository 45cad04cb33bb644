import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { credentialRoleSchema, type CredentialRole } from '@ptd/contracts';
import { z } from 'zod';

const check = z.enum(['ok', 'failing']);
const readiness = z.object({
  status: z.enum(['ready', 'not-ready']),
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

interface ReadyChecks {
  database: z.infer<typeof check>;
  upstream: z.infer<typeof check>;
  role: CredentialRole | null;
}

/** Liveness and readiness probes, outside /api (no session, no CSRF). */
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
   * The database's and nanoStream Cloud's answers, shared by every probe that arrives while a
   * check runs or within READY_CHECK_REUSE_MS after it ended: `/readyz` is public, and each
   * check is a query and two calls to nanoStream Cloud on the connections viewers' tokens use.
   */
  let last: { result: Promise<ReadyChecks>; endedAt?: number } | undefined;
  const checks = (log: FastifyBaseLogger): Promise<ReadyChecks> => {
    if (last && (last.endedAt === undefined || app.now() - last.endedAt < READY_CHECK_REUSE_MS)) {
      return last.result;
    }
    const entry: { result: Promise<ReadyChecks>; endedAt?: number } = { result: runChecks(log) };
    const ended = () => {
      entry.endedAt = app.now();
    };
    entry.result.then(ended, ended);
    last = entry;
    return entry.result;
  };
  const runChecks = async (log: FastifyBaseLogger): Promise<ReadyChecks> => {
    const [database, upstream, role] = await Promise.all([
      app.repos.health.ping().then(
        () => 'ok' as const,
        (error: unknown) => {
          log.warn({ err: { message: (error as Error).message } }, 'readiness: database failing');
          return 'failing' as const;
        },
      ),
      app.nanostream.ping().then(
        () => 'ok' as const,
        (error: unknown) => {
          log.warn({ code: (error as { code?: string }).code }, 'readiness: upstream failing');
          return 'failing' as const;
        },
      ),
      app.credentialRole(),
    ]);
    return { database, upstream, role };
  };

  api.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary:
          'The database answers, nanoStream Cloud is reachable and viewer tokens can be recorded',
        response: { 200: readiness, 503: readiness },
      },
    },
    async (request, reply) => {
      const { database, upstream, role } = await checks(request.log);
      // Full of rows the database refused: this replica issues no viewer token until they are in.
      const ledgerWrites = app.repos.viewerRows.hasRoom ? ('ok' as const) : ('failing' as const);
      const ready = database === 'ok' && upstream === 'ok' && ledgerWrites === 'ok';
      return reply.code(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not-ready',
        checks: { database, upstream, ledgerWrites },
        viewerRowsWaiting: app.repos.viewerRows.pending,
        credentialRole: role ?? 'unknown',
      });
    },
  );
}
