import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EmulatorContext } from '../context.ts';
import { jwksOf } from '../store/signing-key.ts';

/** Health and the public key set a client needs to verify tokens offline. */
export async function metaRoutes(app: FastifyInstance, ctx: EmulatorContext) {
  app.get('/healthz', async () => ({ ok: true }));

  const jwks = async (_request: unknown, reply: FastifyReply) =>
    reply.header('cache-control', 'public, max-age=300').send(jwksOf(ctx.key));
  app.get('/.well-known/jwks.json', jwks);
  app.get('/api/v1/splay/jwks', jwks);
}
