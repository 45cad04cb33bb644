import {
  errorBodySchema,
  playbackTokenRequestSchema,
  playbackTokenResponseSchema,
  type PlaybackTokenRequest,
} from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { policyOrigins, type PolicyRow } from '../../db/repositories/policy-record.ts';
import { HttpError } from '../../lib/errors.ts';
import { limitKeyOf } from '../../lib/limit-key.ts';
import { proxyTrust } from '../../lib/proxy-trust.ts';
import { clientAddress, type ClientAddress } from '../../services/playback/client-address.ts';
import { IdentityVerifier, identityFrom } from '../../services/playback/identity.ts';
import { issueViewerToken, viewerIssueDeps } from '../../services/playback/issue.ts';
import { resolvePolicy } from '../../services/playback/resolve-policy.ts';
import {
  originNotAllowed,
  requestSite,
  requestSiteOrNull,
  type RequestSite,
} from '../../services/playback/site.ts';
import { playbackCors } from './playback-cors.ts';

const e = errorBodySchema;
const MINUTE = 60_000;

const ipv6Refused = (ip: string) =>
  new HttpError(
    403,
    'ipv6-not-supported',
    `Your device reached us over IPv6 (${ip}), but playback tokens can only be bound to an IPv4 address. Connect over IPv4 (for example, switch off a VPN or use another network) and try again.`,
  );

/**
 * `POST /playback-token` (registered under that prefix): the public endpoint a customer's page
 * calls for each viewer. No staff session, no cookie: a policy decides everything, and only a
 * page of one of its origins gets a token (and, in a browser, may read the answer).
 */
export async function playbackTokenRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const trusted = proxyTrust(app.config.trustProxy);
  const identity = new IdentityVerifier(app.now, app.ledgerKeys, app.identityKeys);
  const issueDeps = viewerIssueDeps(app);
  app.addHook('onClose', async () => issueDeps.logWindows?.flush());
  const addresses = new WeakMap<FastifyRequest, ClientAddress | HttpError>();
  const resolved = new WeakMap<FastifyRequest, Promise<PolicyRow>>();
  const admitted = new WeakMap<FastifyRequest, { policy: PolicyRow; site: RequestSite }>();

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

  const policyOf = (request: FastifyRequest, body: PlaybackTokenRequest) => {
    let policy = resolved.get(request);
    if (!policy) {
      policy = resolvePolicy(app.repos.policies, body, requestSiteOrNull(request)?.origin ?? null);
      resolved.set(request, policy);
    }
    return policy;
  };

  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
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
  // Every request counts against its IP (an IPv6 one by its /64), refused ones included: no
  // probing without limit.
  const perIp = limit(
    {
      max: app.config.limits.playbackTokenPerIpPerMinute,
      keyGenerator: (request) => {
        const address = addressOf(request);
        const ip = address instanceof HttpError ? (request.socket.remoteAddress ?? '') : address.ip;
        return `viewer-ip:${limitKeyOf(ip)}`;
      },
    },
    'Too many requests. Wait a moment and try again.',
  );
  // Counted before CORS, which reads the policy the body names (and for one it does not know,
  // the database): an address over its limit is refused without a query per request.
  const overIpLimit = new WeakMap<FastifyRequest, HttpError>();
  const countIp: preHandlerAsyncHookHandler = async (request, reply) => {
    if (request.method !== 'POST') return;
    try {
      await perIp.call(app, request, reply);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      overIpLimit.set(request, error);
    }
  };
  const refuseOverIpLimit: preHandlerAsyncHookHandler = async (request) => {
    const refusal = overIpLimit.get(request);
    if (refusal) throw refusal;
  };
  // Only requests from the policy's own sites count against its budget: others cannot spend it.
  const perPolicy = limit(
    {
      max: app.config.limits.playbackTokenPerPolicyPerMinute,
      keyGenerator: (request) => `viewer-policy:${admitted.get(request)?.policy.id ?? ''}`,
    },
    'This stream is asked for too many playback tokens right now. Wait a moment and try again.',
  );

  app.addHook('preValidation', countIp);
  await playbackCors(app, policyOf, (request) => overIpLimit.has(request));

  // Reached only when CORS did not answer the preflight: no enabled policy lists the origin.
  // Its answers, the 204s CORS gives too, are logged as the POST's: one per viewer is too many.
  app.options('', { schema: { hide: true }, config: { requestLog: 'errors-only' } }, async () => {
    throw new HttpError(
      403,
      'origin-not-allowed',
      'No playback policy lets pages of this site request playback tokens.',
    );
  });

  const admit: preHandlerAsyncHookHandler = async (request) => {
    const policy = await policyOf(request, request.body as PlaybackTokenRequest);
    const site = requestSite(request);
    if (!policyOrigins(policy).includes(site.origin)) throw originNotAllowed(site.origin);
    admitted.set(request, { policy, site });
  };

  api.post(
    '',
    {
      preValidation: refuseOverIpLimit,
      preHandler: [admit, perPolicy],
      // Every token issued has its ledger row (time, policy, IP, domain): a log line per viewer
      // would repeat it at the rate of the audience.
      config: { requestLog: 'errors-only' },
      schema: {
        tags: ['viewers'],
        summary: 'Issue a viewer a playback token under a policy (public, no session)',
        description:
          'Body `{ policy }` or `{ groupid }`. The requesting page’s origin (Origin, or Referer) must be one the policy allows; the token is bound to its host name, the client IPv4 address and, when the policy asks for it, the viewer identity JWT (Authorization: Bearer or `identity`).',
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
      const { policy, site } = admitted.get(request) as { policy: PolicyRow; site: RequestSite };
      if (!policy.enabled) {
        throw new HttpError(403, 'policy-disabled', 'Playback with this policy is switched off.');
      }
      const address = addressOf(request);
      if (address instanceof HttpError) throw address;
      let ip: string | undefined;
      if (policy.bind_ip) {
        if (address.version === 4) ip = address.ip;
        else if (!policy.allow_ipv6_without_binding) throw ipv6Refused(address.ip);
      }

      const user = await identity.subject(policy, identityFrom(request, request.body.identity));
      const answer = await issueViewerToken(
        issueDeps,
        policy,
        { ip, domain: site.host, user },
        { actorId: null, ip: request.ip },
        request.log,
      );
      return reply.code(200).send(answer);
    },
  );
}
