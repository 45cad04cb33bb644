import { PLAYBACK_TOKEN_PATH, VIEWER_EXAMPLE_PATH, buildPlayoutUrl } from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { policyOrigins, policyTarget } from '../../db/repositories/policy-record.ts';
import { LOCAL_DEMO_POLICY_ID } from '../../services/local-demo-policy.ts';
import { renderViewerPage, viewerPageCsp } from './viewer-page-html.ts';

const query = z.object({
  policy: z.string().trim().max(64).optional(),
  group: z.string().trim().max(128).optional(),
});

/**
 * `GET /examples/viewer?policy=<id>[&group=<stream group id>]`: a page like one a customer
 * would embed. The group defaults to the policy's own when it targets one; the policy, on the
 * embedded emulator, to the local demo policy while it is enabled (so the page plays at once).
 */
export async function viewerPageRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const player = app.upstreamInfo.player;
  const csp = viewerPageCsp(new URL(player.embedUrl).origin);

  api.get(
    VIEWER_EXAMPLE_PATH,
    { schema: { hide: true, querystring: query } },
    async (request, reply) => {
      const policyId = request.query.policy ?? (await localDemoPolicyId(app));
      const policy = policyId ? await app.repos.policies.byId(policyId) : undefined;
      const local = policy && localhostAlternative(request, policyOrigins(policy));
      if (local) return reply.redirect(local, 302);
      const target = policy ? policyTarget(policy) : undefined;
      const groupId = request.query.group || (target?.type === 'group' ? target.groupId : '');
      return (
        reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', csp)
          .header('cache-control', 'no-store')
          // The player checks the token's domain against the Referer: send this site's origin.
          .header('referrer-policy', 'origin')
          .send(
            renderViewerPage({
              endpoint: PLAYBACK_TOKEN_PATH,
              playout: buildPlayoutUrl({ groupId: '' }, player),
              policyId,
              groupId,
            }),
          )
      );
    },
  );
}

/** The local demo policy's id when this is the embedded default and the policy is enabled. */
async function localDemoPolicyId(app: FastifyInstance) {
  if (app.upstreamInfo.mode !== 'embedded') return '';
  const demo = await app.repos.policies.byId(LOCAL_DEMO_POLICY_ID);
  return demo?.enabled ? demo.id : '';
}

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '[::1]', '::1']);

/**
 * The same page on http://localhost:PORT when it was opened on a loopback address the policy
 * cannot list (policies name sites by host name) and the policy lists localhost on this port:
 * the dashboard's own links say 127.0.0.1, and the page should play anyway.
 */
function localhostAlternative(request: FastifyRequest, origins: string[]) {
  if (!LOOPBACK_ADDRESSES.has(request.hostname) || request.port === null) return null;
  const local = `${request.protocol}://localhost:${request.port}`;
  // This page and its query only, whatever form the request line had.
  const { search } = new URL(request.url, local);
  return origins.includes(local) ? `${local}${VIEWER_EXAMPLE_PATH}${search}` : null;
}
