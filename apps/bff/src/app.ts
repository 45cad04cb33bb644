import fp from 'fastify-plugin';
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import pino from 'pino';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { clientErrorHandler, frameworkErrors } from './lib/framework-errors.ts';
import { loadOrCreateKey } from './lib/keys.ts';
import { LogWindows } from './lib/log-windows.ts';
import { configuredSecrets, logRedactor } from './lib/log-redaction.ts';
import { drainPlugin } from './plugins/drain.ts';
import { auditLogLinesPlugin } from './services/audit-log-lines.ts';
import { allowedMethodsPlugin } from './plugins/allowed-methods.ts';
import { authPlugin } from './plugins/auth.ts';
import { dbPlugin } from './plugins/db.ts';
import { docsPlugin } from './plugins/docs.ts';
import { errorHandler } from './plugins/error-handler.ts';
import { hostCheckPlugin } from './plugins/host-check.ts';
import { identityKeysPlugin } from './plugins/identity-keys.ts';
import { jsonBodyPlugin } from './plugins/json-body.ts';
import { noNulPlugin } from './plugins/no-nul.ts';
import { pipeliningPlugin } from './plugins/pipelining.ts';
import { rateLimitPlugin } from './plugins/rate-limit.ts';
import { securityPlugin } from './plugins/security.ts';
import { sessionPlugin } from './plugins/session.ts';
import { spaPlugin } from './plugins/spa.ts';
import { upstreamPlugin } from './plugins/upstream.ts';
import { apiRoutes } from './routes/api/index.ts';
import { healthRoutes } from './routes/health.ts';
import { publicRoutes } from './routes/public/index.ts';
import { DeviceCookies } from './services/device-cookie.ts';
import { captureRawBody } from './services/idempotent-route.ts';
import { PasswordChecks, PasswordHasher } from './services/passwords.ts';
import { startLedgerSweeper } from './services/tokens/ledger-sweeper.ts';
import { bulkWorkerPlugin } from './services/bulk/worker-plugin.ts';
import './types.ts';

export type { Config } from './config.ts';
export { loadConfig } from './config.ts';

export interface AppDeps {
  /** Clock in milliseconds (tests move it to expire sessions). */
  now?: () => number;
  /** Where log lines go (default stdout); tests capture them. */
  logStream?: { write(line: string): void };
}

/** Headers and values that must never appear in a log line. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["x-bintu-apikey"]',
  'req.headers["x-bintu-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-bintu-apikey"]',
  'headers["x-bintu-token"]',
  'headers["x-csrf-token"]',
];

/** The line that counts an `errors-only` route's refusals (4xx) not logged one by one. */
export const REFUSALS_SUMMARY = 'further refused requests, counted rather than logged one by one';
/** The same for its failures (5xx). */
export const FAILURES_SUMMARY = 'further failed requests, counted rather than logged one by one';

/**
 * One log line per request, when it is answered, instead of Fastify's two: half the writes. An
 * `errors-only` route (the public viewer endpoint) logs no answer below 400, and of its
 * refusals and of its failures only the first in each LOG_WINDOW_MS (10 s), then one line of
 * counts by status: a flood of refused viewers (429 over a limit, 403 from a site no policy
 * lists) or an outage of the token service under an audience would otherwise write a line per
 * request, at the flood's rate.
 */
class OneLinePerRequest extends LogController {
  private readonly windows: LogWindows;

  constructor(now: () => number) {
    super();
    this.windows = new LogWindows(now);
  }

  override incomingRequest() {}

  /** Says the counts of windows not over yet (the app is closing). */
  sayPending() {
    this.windows.flush();
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    const status = reply.statusCode;
    if (request.routeOptions.config.requestLog === 'errors-only') {
      if (!error && status < 400) return;
      const url = request.routeOptions.url ?? request.url;
      const failed = error || status >= 500;
      const logged = this.windows.first(
        `${request.method} ${url} ${failed ? 'failed' : 'refused'}`,
        status,
        request.server.log,
        {
          message: failed ? FAILURES_SUMMARY : REFUSALS_SUMMARY,
          fields: { method: request.method, url },
        },
      );
      if (!logged) return;
    }
    // Through Fastify's serializers: method, url, host, remote address; status code.
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

/**
 * The BFF as one Fastify instance: external plugins, then app plugins, then routes. Awaiting
 * it means ready: database migrated, keys loaded, upstream (or the embedded emulator) started,
 * first admin in place.
 */
export async function buildApp(config: Config, deps: AppDeps = {}): Promise<FastifyInstance> {
  // stdout without a write per line: lines collect up to 4 KB and go out from libuv's thread
  // pool, at the latest a second later (timer below); pino flushes what is left on exit. A
  // blocking write per request cost the BFF a fifth of its CPU per token creation.
  const destination = deps.logStream
    ? undefined
    : pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const requestLog = new OneLinePerRequest(deps.now ?? Date.now);
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Paths cover known fields; this covers text anywhere (URLs, messages, error causes).
      hooks: { streamWrite: logRedactor(configuredSecrets(config)) },
      stream: deps.logStream ?? destination,
    },
    bodyLimit: config.limits.bodyBytes,
    // A request's headers and body must have arrived within this time, else 408 and the
    // connection is closed: without it (Node's and Fastify's default is no limit for the body,
    // 60 s for headers) a client sending a byte now and then held a connection for ever.
    // Node checks every connection's deadline once per connectionsCheckingInterval.
    requestTimeout: config.limits.requestTimeoutMs,
    http: {
      headersTimeout: config.limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, config.limits.requestTimeoutMs),
    },
    trustProxy: config.trustProxy,
    // Request ids are only for correlating log lines; never trust one sent by a client.
    requestIdHeader: false,
    logController: requestLog,
    // Requests refused before any route runs still get the `{code, message}` error shape.
    clientErrorHandler,
    frameworkErrors,
    // Requests that arrive while stopping are answered (plugins/drain.ts), not refused with 503.
    return503OnClosing: false,
  });
  if (destination) {
    const flusher = setInterval(() => destination.flush(), 1000);
    flusher.unref();
    app.addHook('onClose', async () => {
      clearInterval(flusher);
      destination.flush();
    });
  }
  // Runs before the flush above (onClose hooks run last added first).
  app.addHook('onClose', async () => requestLog.sayPending());
  // JSON only: a text/plain POST is a "simple" cross-site request browsers send without asking.
  app.removeContentTypeParser('text/plain');
  await app.register(jsonBodyPlugin);
  await app.register(pipeliningPlugin);
  await app.register(allowedMethodsPlugin);
  await app.register(drainPlugin);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', config);
  app.decorate('now', deps.now ?? Date.now);

  const sessionKeys = config.session.keys?.reveal() ?? [
    await loadOrCreateKey(config.dataDir, 'session.key'),
  ];
  app.decorate('deviceCookies', new DeviceCookies(sessionKeys));
  app.decorate(
    'ledgerKeys',
    config.ledgerKeys?.reveal() ?? [await loadOrCreateKey(config.dataDir, 'ledger.key')],
  );
  app.decorate(
    'passwords',
    new PasswordHasher(
      config.passwordHashCost,
      new PasswordChecks(config.limits.passwordChecksAtOnce),
    ),
  );

  await app.register(errorHandler);
  await app.register(securityPlugin);
  await app.register(hostCheckPlugin);
  await app.register(dbPlugin);
  await app.register(rateLimitPlugin);
  await app.register(upstreamPlugin);
  await app.register(identityKeysPlugin);
  await app.register(fp(startLedgerSweeper, { name: 'ledger-sweeper' }));
  await app.register(auditLogLinesPlugin);
  await app.register(bulkWorkerPlugin);
  await app.register(sessionPlugin, { keys: [...sessionKeys] });
  await app.register(authPlugin);
  await app.register(docsPlugin);
  app.addHook('preValidation', captureRawBody);
  await app.register(noNulPlugin);

  await app.register(healthRoutes);
  await app.register(apiRoutes, { prefix: '/api' });
  await app.register(publicRoutes);
  await app.register(spaPlugin);

  await app.ready();
  return app;
}
