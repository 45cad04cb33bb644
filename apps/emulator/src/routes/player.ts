import { createHash } from 'node:crypto';
import { EMBED_PATH } from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context.ts';
import { decidePlayback, normaliseHost, normaliseIp } from '../player/decide.ts';
import { renderAllowed, renderDenied } from '../player/render.ts';
import { PAGE_STYLE } from '../player/style.ts';

/** The older release player page accepts the same parameters. */
export const RELEASE_PATH = '/nanoplayer/release/nanoplayer.html';

const styleHash = createHash('sha256').update(PAGE_STYLE).digest('base64');
// Nothing on the page may load or run anything; only our one stylesheet applies.
const CSP = `default-src 'none'; style-src 'sha256-${styleHash}'; base-uri 'none'; form-action 'none'`;

const first = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : Array.isArray(value) ? first(value[0]) : undefined;

/**
 * The domain the viewer plays from: the Referer's host when sent, else the Host header's
 * hostname (a page opened directly). An unparsable Referer matches no domain.
 */
function refererHost(request: FastifyRequest): string {
  const referer = first(request.headers.referer);
  if (referer === undefined) return normaliseHost(request.hostname);
  try {
    return normaliseHost(new URL(referer).hostname);
  } catch {
    return '';
  }
}

/** The playout test page: the edge's allow/deny decision, rendered for people and tests. */
export async function playerRoutes(app: FastifyInstance, ctx: EmulatorContext) {
  const handler = async (request: FastifyRequest) => {
    const query = request.query as Record<string, unknown>;
    // X-Forwarded-For is ignored on purpose: the edge binds to the connecting address.
    return decidePlayback(
      {
        groupId: first(query['group.id']),
        token: first(query['group.security.jwtoken'])?.trim() || undefined,
        clientIp: normaliseIp(request.socket.remoteAddress ?? ''),
        refererHost: refererHost(request),
      },
      ctx,
    );
  };

  for (const path of [EMBED_PATH, RELEASE_PATH]) {
    app.get(path, async (request, reply) => {
      const verdict = await handler(request);
      // The URL carries a token: keep it out of caches and out of onward Referer headers.
      reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .header('content-security-policy', CSP)
        .header('x-content-type-options', 'nosniff')
        .type('text/html; charset=utf-8');
      if (verdict.allowed) return reply.code(200).send(renderAllowed(verdict));
      return reply.code(403).send(renderDenied(verdict));
    });
  }
}
