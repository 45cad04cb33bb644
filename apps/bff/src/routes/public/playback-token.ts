import {
  PLAYBACK_TOKEN_PATH,
  errorBodySchema,
  playbackTokenRequestSchema,
  playbackTokenResponseSchema,
} from '@ptd/contracts';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  preHandlerAsyncHookHandler,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { policyOrigins, type PolicyRow } from '../../db/repositories/policy-record.ts';
import { HttpError } from '../../lib/errors.ts';
import { proxyTrust } from '../../lib/proxy-trust.ts';
import { clientAddress, type ClientAddress } from '../../services/playback/client-address.ts';
import { IdentityVerifier, identityFrom } from '../../services/playback/identity.ts';
import { issueViewerToken } from '../../services/playback/issue.ts';
import { resolvePolicy } from '../../services/playback/resolve-policy.ts';
import { hostOf, originNotAllowed, requestSiteHost } from '../../services/playback/site.ts';

const e = errorBodySchema;
const MINUTE = 60_000;

const ipv6Refused = (ip: string) =>
  new HttpError(
    403,
    'ipv6-not-supported',
    `Your device reached us over IPv6 (${ip}), but playback tokens can only be bound to an IPv4 address. Connect over IPv4 (for example, switch off a VPN or use another network) and try again.`,
  );

/**
 * `POST /playback-token`: the public endpoint a customer's page calls for each viewer. No staff
 * session, no cookie: a policy decides everything. CORS answers only pages of sites an enabled
 * policy allows, and the route narrows that to the policy the body names.
 */
export async function playbackTokenRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const trusted = proxyTrust(app.config.trustProxy);
  const identity = new IdentityVerifier(app.now, app.ledgerKeys);
  const addresses = new WeakMap<FastifyRequest, ClientAddress | HttpError>();
  const policies = new WeakMap<FastifyRequest, PolicyRow>();

  const addressOf = (request: FastifyRequest) => {
    let address = addresses.get(request);
    if (!address) {
      try {
        address = clientAddress(request, trusted);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        address = error;
      }
      addresses.set(request, address);
    }
    return address;
  };

  const allowOrigin = (reply: FastifyReply, origin: string) =>
    reply
      .header('access-control-allow-origin', origin)
      .header('access-control-expose-headers', 'retry-after');

  // The body (and so the policy) is unknown yet: allow the origin if some enabled policy does.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('vary', 'Origin').header('cache-control', 'no-store');
    const origin = request.headers.origin;
    const host = typeof origin === 'string' ? hostOf(origin) : null;
    if (origin && host && (await app.repos.policies.anyEnabledAllows(host))) {
      allowOrigin(reply, origin);
    }
  });

  app.options(PLAYBACK_TOKEN_PATH, { schema: { hide: true } }, async (request, reply) => {
    const method = request.headers['access-control-request-method'];
    if (!reply.hasHeader('access-control-allow-origin') || method !== 'POST') {
      reply.removeHeader('access-control-allow-origin');
      throw new HttpError(
        403,
        'origin-not-allowed',
        'No playback policy lets pages of this site request playback tokens.',
      );
    }
    return reply
      .code(204)
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'content-type, authorization')
      .header('access-control-max-age', '600')
      .send();
  });

  /** A limit of its own (the plugin's hooks run only once per request, so two would not). */
  const limit = (
    options: Parameters<typeof app.createRateLimit>[0],
    message: string,
  ): preHandlerAsyncHookHandler => {
    const check = app.createRateLimit({ timeWindow: MINUTE, ...options });
    return async (request) => {
      const result = await check(request);
      if (result.isAllowed || !result.isExceeded) return;
      throw new HttpError(
        429,
        'rate-limited',
        message,
        {},
        {
          'retry-after': String(result.ttlInSeconds),
        },
      );
    };
  };
  const perIp = limit(
    {
      max: app.config.limits.playbackTokenPerIpPerMinute,
      keyGenerator: (request) => {
        const address = addressOf(request);
        const ip = address instanceof HttpError ? request.socket.remoteAddress : address.ip;
        return `viewer-ip:${ip}`;
      },
    },
    'Too many requests. Wait a moment and try again.',
  );
  const perPolicy = limit(
    {
      max: app.config.limits.playbackTokenPerPolicyPerMinute,
      keyGenerator: (request) => `viewer-policy:${policies.get(request)?.id ?? ''}`,
    },
    'This stream is asked for too many playback tokens right now. Wait a moment and try again.',
  );

  api.post(
    PLAYBACK_TOKEN_PATH,
    {
      onRequest: perIp,
      preHandler: [
        async (request, reply) => {
          const body = request.body;
          const site = request.headers.origin ?? request.headers.referer;
          const host = typeof site === 'string' ? hostOf(site) : null;
          const policy = await resolvePolicy(app, body, host);
          policies.set(request, policy);
          // CORS only for this policy's sites: a browser on any other site cannot read the answer.
          if (!host || !policyOrigins(policy).includes(host)) {
            reply.removeHeader('access-control-allow-origin');
          }
        },
        perPolicy,
      ],
      schema: {
        tags: ['viewers'],
        summary: 'Issue a viewer a playback token under a policy (public, no session)',
        description:
          'Body `{ policy }` or `{ groupid }`. The token is bound to the requesting site (Origin/Referer host), the client IPv4 address and, when the policy asks for it, the viewer identity JWT (Authorization: Bearer or `identity`).',
        body: playbackTokenRequestSchema,
        response: {
          200: playbackTokenResponseSchema,
          400: e,
          401: e,
          403: e,
          404: e,
          409: e,
          415: e,
          429: e,
          502: e,
          504: e,
        },
      },
    },
    async (request, reply) => {
      const policy = policies.get(request) as PolicyRow;
      if (!policy.enabled) {
        throw new HttpError(403, 'policy-disabled', 'Playback with this policy is switched off.');
      }
      const domain = requestSiteHost(request);
      if (!policyOrigins(policy).includes(domain)) throw originNotAllowed(domain);

      const address = addressOf(request);
      if (address instanceof HttpError) throw address;
      let ip: string | undefined;
      if (policy.bind_ip) {
        if (address.version === 4) ip = address.ip;
        else if (!policy.allow_ipv6_without_binding) throw ipv6Refused(address.ip);
      }

      const user = await identity.subject(policy, identityFrom(request, request.body.identity));
      const answer = await issueViewerToken(app, request, policy, { ip, domain, user });
      return reply.code(200).send(answer);
    },
  );
}
