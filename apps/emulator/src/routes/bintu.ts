import { bintuCreateStreamSchema } from '@ptd/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canWrite } from '../auth.ts';
import { createStreams } from '../bintu/create-stream.ts';
import { toBintuStream } from '../bintu/render.ts';
import type { PublicAddress } from '../bintu/render.ts';
import type { EmulatorContext } from '../context.ts';
import { BINTU_ERROR, bintuWrongType, sendBintuError } from '../errors.ts';
import { parseListQuery } from './list-query.ts';

const MAX_TRANSCODES = 10;

export const addressOf = (request: FastifyRequest): PublicAddress => ({
  origin: `${request.protocol}://${request.host}`,
  hostname: request.hostname,
});

/** The bintu REST subset a dashboard needs. Errors use the legacy bintu envelope. */
export async function bintuRoutes(app: FastifyInstance, ctx: EmulatorContext) {
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    if ((error.statusCode ?? 500) >= 500) {
      request.log.error(error);
      return sendBintuError(reply, { status: 500, code: 500, message: 'Internal error' });
    }
    return sendBintuError(reply, bintuWrongType('the request body must be a JSON object'));
  });

  // Any role may read; a missing or unknown credential is refused before anything else.
  function caller(request: FastifyRequest, reply: FastifyReply) {
    const found = ctx.directory.resolve(request.headers);
    if (!found) sendBintuError(reply, BINTU_ERROR.credentials);
    return found;
  }

  app.get('/organisation', async (request, reply) => {
    const found = caller(request, reply);
    return found ? found.org : reply;
  });

  // The RBAC route list lets nanoAdmin and nanoUser ask who they are; nanoReadOnly is refused.
  // An organisation API key acts as nanoAdmin.
  app.get('/user', async (request, reply) => {
    const found = caller(request, reply);
    if (!found) return reply;
    if (!canWrite(found)) return sendBintuError(reply, BINTU_ERROR.accessDenied);
    return {
      id: `${found.org.hash}-${found.kind}-${found.role}`,
      permission: found.role === 'admin' ? 'nanoAdmin' : 'nanoUser',
    };
  });

  app.get('/stream', async (request, reply) => {
    const found = caller(request, reply);
    if (!found) return reply;
    const query = parseListQuery(request.query as Record<string, unknown>);
    if (!query.ok) return sendBintuError(reply, query.error);
    const { page, quantity, state, tags } = query.value;
    const all = ctx.streams.list(found.org.id, { state, tags });
    const slice = all.slice((page - 1) * quantity, page * quantity);
    const address = addressOf(request);
    return {
      data: slice.map((s) => toBintuStream(s, ctx.streams, address)),
      page,
      quantity,
      total: all.length,
    };
  });

  app.get<{ Params: { id: string } }>('/stream/:id', async (request, reply) => {
    const found = caller(request, reply);
    if (!found) return reply;
    const stream = ctx.streams.byId(request.params.id);
    // Another organisation's stream is reported as missing, never as forbidden.
    if (!stream || stream.orgId !== found.org.id) {
      return sendBintuError(reply, BINTU_ERROR.streamNotFound);
    }
    return toBintuStream(stream, ctx.streams, addressOf(request));
  });

  app.post('/stream', async (request, reply) => {
    const found = caller(request, reply);
    if (!found) return reply;
    if (!canWrite(found)) return sendBintuError(reply, BINTU_ERROR.accessDenied);
    const parsed = bintuCreateStreamSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendBintuError(reply, bintuWrongType(`${issue?.path.join('.')} (${issue?.message})`));
    }
    const transcodes = parsed.data.transcodes ?? [];
    if (transcodes.length > MAX_TRANSCODES || transcodes.some((t) => t.profile.trim() === '')) {
      const detail = `transcodes must be at most ${MAX_TRANSCODES} entries with a profile`;
      return sendBintuError(reply, bintuWrongType(detail));
    }
    const parent = createStreams(found.org, parsed.data, ctx.streams, ctx.now());
    return toBintuStream(parent, ctx.streams, addressOf(request));
  });
}
