import { PLAYBACK_TOKEN_PATH, VIEWER_EXAMPLE_PATH, buildPlayoutUrl } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { policyTarget } from '../../db/repositories/policy-record.ts';
import { renderViewerPage, viewerPageCsp } from './viewer-page-html.ts';

const query = z.object({
  policy: z.string().trim().max(64).optional(),
  group: z.string().trim().max(128).optional(),
});

/**
 * `GET /examples/viewer?policy=<id>[&group=<stream group id>]`: a page like one a customer
 * would embed. The group defaults to the policy's own when it targets one.
 */
export async function viewerPageRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const player = app.upstreamInfo.player;
  const csp = viewerPageCsp(new URL(player.embedUrl).origin);

  api.get(
    VIEWER_EXAMPLE_PATH,
    { schema: { hide: true, querystring: query } },
    async (request, reply) => {
      const policyId = request.query.policy ?? '';
      const policy = policyId ? await app.repos.policies.byId(policyId) : undefined;
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
