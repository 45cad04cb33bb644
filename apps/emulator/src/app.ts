import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { EmulatorContext } from './context.ts';
import { bintuRoutes } from './routes/bintu.ts';
import { metaRoutes } from './routes/meta.ts';
import { playerRoutes } from './routes/player.ts';
import { splayRoutes } from './routes/splay.ts';

/** Logs must never carry a playback token, which the player page receives in its query. */
const redactUrl = (url: string | undefined) =>
  (url ?? '').replace(/(jwtoken=)[^&]*/gi, '$1[redacted]');

function loggerOptions(enabled: boolean): FastifyServerOptions['logger'] {
  if (!enabled) return false;
  return {
    serializers: {
      req: (req: { method: string; url?: string; socket?: { remoteAddress?: string } }) => ({
        method: req.method,
        url: redactUrl(req.url),
        remoteAddress: req.socket?.remoteAddress,
      }),
    },
  };
}

/**
 * Each route family is its own plugin so its error handler (token-service envelope vs
 * legacy bintu envelope) applies only to its routes.
 */
export async function buildApp(
  ctx: EmulatorContext,
  logger: boolean,
  latencyMs = 0,
): Promise<FastifyInstance> {
  const app = Fastify({ logger: loggerOptions(logger), trustProxy: false });
  if (latencyMs > 0) {
    // The real cloud is a network away: every API answer (token service, bintu) leaves this
    // much later than it was ready. The player pages are not held back.
    app.addHook('onSend', async (request) => {
      if (request.url.startsWith('/api/')) {
        await new Promise((resolve) => setTimeout(resolve, latencyMs));
      }
    });
  }
  await app.register(async (scope) => splayRoutes(scope, ctx));
  await app.register(async (scope) => bintuRoutes(scope, ctx));
  await app.register(async (scope) => playerRoutes(scope, ctx));
  await app.register(async (scope) => metaRoutes(scope, ctx));
  // Revocations must reach the disk before the process lets go of the data dir.
  app.addHook('onClose', async () => ctx.revocations.flush());
  return app;
}
