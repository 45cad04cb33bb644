import { randomUUID } from 'node:crypto';
import { NANO_ERROR, tokenBodySchema } from '@ptd/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { canWrite } from '../auth.ts';
import type { Caller } from '../auth.ts';
import type { EmulatorContext } from '../context.ts';
import { EMU_ERROR, parameterRequired, sendNanoError } from '../errors.ts';
import { REVOKE_GRACE_SECONDS } from '../token/limits.ts';
import { buildClaims } from '../token/request.ts';
import { signClaims } from '../token/sign.ts';
import { verifyPlaybackToken } from '../token/verify.ts';

/** The token service: create, verify and revoke playback tokens. */
export async function splayRoutes(app: FastifyInstance, ctx: EmulatorContext) {
  // The service speaks JSON only; a text body is a client mistake, not a string parameter.
  app.removeContentTypeParser('text/plain');
  // Body-parser failures (no JSON, wrong content type) speak the service's own envelope.
  app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error(error);
      return reply.code(500).send({ success: false, errorCode: 500, message: 'Internal error' });
    }
    const what = status === 415 ? 'content-type application/json' : 'a JSON object body';
    return sendNanoError(reply, 400, parameterRequired(what));
  });

  /** Auth, then role: a bad credential is 1001, a read-only one 2001. */
  function writer(headers: Parameters<typeof ctx.directory.resolve>[0], reply: FastifyReply) {
    const caller = ctx.directory.resolve(headers);
    if (!caller) return void sendNanoError(reply, 403, NANO_ERROR.apiKeyInvalid);
    if (!canWrite(caller)) return void sendNanoError(reply, 403, EMU_ERROR.accessDenied);
    return caller;
  }

  app.post('/api/v1/splay', async (request, reply) => {
    const caller = writer(request.headers, reply);
    if (!caller) return reply;
    if (!caller.org.packages.secure) return sendNanoError(reply, 403, EMU_ERROR.secureNotEnabled);
    const result = buildClaims(request.body, {
      orgId: caller.org.id,
      nowSeconds: ctx.nowSeconds(),
      jti: randomUUID(),
      streamNames: ctx.streams.namesOf(caller.org.id),
      groupIds: ctx.streams.groupIdsOf(caller.org.id),
    });
    if (!result.ok) return sendNanoError(reply, 400, result.error);
    const token = await signClaims(result.claims, ctx.key.privateKey, ctx.key.kid);
    return { success: true, data: { token } };
  });

  // No auth header is documented for verify: anyone holding a token may check it.
  app.post('/api/v1/splay/verify', async (request, reply) => {
    const token = tokenOf(request.body);
    if (!token) return sendNanoError(reply, 400, parameterRequired('token'));
    const result = await verifyPlaybackToken(token, verifyOptions());
    if (result.ok) return { success: true, data: { token } };
    if (result.reason === 'malformed') return sendNanoError(reply, 400, NANO_ERROR.malformedJwt);
    return sendNanoError(reply, 403, { errorCode: 1002, message: result.message });
  });

  app.post('/api/v1/splay/revoke', async (request, reply) => {
    const caller = writer(request.headers, reply);
    if (!caller) return reply;
    const token = tokenOf(request.body);
    if (!token) return sendNanoError(reply, 400, parameterRequired('token'));
    const outcome = await revoke(token, caller);
    if (outcome) return sendNanoError(reply, outcome.status, outcome.error);
    return reply.code(204).send();
  });

  const verifyOptions = (skipTimeAndRevocation = false) => ({
    key: ctx.key,
    revocations: ctx.revocations,
    nowSeconds: ctx.nowSeconds(),
    skipTimeAndRevocation,
  });

  /**
   * Ownership is checked before revocability so a caller learns nothing about another
   * organisation's tokens. Revoking twice succeeds (idempotent); an expired token can still
   * be revoked during a 24 h grace period, as in the Analytics dashboard.
   */
  async function revoke(token: string, caller: Caller) {
    const result = await verifyPlaybackToken(token, verifyOptions(true));
    if (!result.ok) {
      if (result.reason === 'malformed') return { status: 400, error: NANO_ERROR.malformedJwt };
      return { status: 403, error: { errorCode: 1002, message: result.message } };
    }
    const { claims } = result;
    if (claims.sub !== caller.org.id) return { status: 403, error: NANO_ERROR.otherOrganisation };
    if (claims.revocable !== true) return { status: 400, error: NANO_ERROR.notRevocable };
    if (claims.exp + REVOKE_GRACE_SECONDS <= ctx.nowSeconds()) {
      return { status: 403, error: NANO_ERROR.jwtExpired };
    }
    await ctx.revocations.revoke(claims.jti, {
      sub: claims.sub,
      exp: claims.exp,
      revokedAt: ctx.nowSeconds(),
    });
    return undefined;
  }
}

function tokenOf(body: unknown): string | undefined {
  const parsed = tokenBodySchema.safeParse(body);
  return parsed.success && parsed.data.token.trim() !== '' ? parsed.data.token.trim() : undefined;
}
