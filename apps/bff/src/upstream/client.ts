import {
  AUTH_HEADER_APIKEY,
  AUTH_HEADER_TOKEN,
  bintuOrganisationSchema,
  bintuStreamListSchema,
  bintuStreamSchema,
  bintuUserSchema,
  nanoErrorSchema,
  splaySuccessSchema,
  type BintuCreateStream,
  type BintuOrganisation,
  type BintuStream,
  type BintuStreamList,
  type CredentialRole,
  type SplayRequest,
  type StreamState,
} from '@ptd/contracts';
import type { z } from 'zod';
import type { Credential } from '../config.ts';
import { HttpError } from '../lib/errors.ts';
import {
  bintuError,
  tokenServiceError,
  upstreamMalformed,
  verdictMessage,
  type Service,
} from './errors.ts';
import { pathSegment } from './path-segment.ts';
import {
  createAgent,
  neverSent,
  sendJson,
  type TransportOptions,
  type UpstreamResponse,
} from './transport.ts';

export interface UpstreamTarget {
  tokenApiUrl: string;
  bintuApiUrl: string;
  credential: Credential;
}

export interface Verdict {
  valid: boolean;
  errorCode: number | null;
  message: string;
}

export interface StreamListParams {
  page: number;
  quantity: number;
  state?: StreamState | undefined;
  tags?: string[] | undefined;
}

/** What the rest of the BFF may ask nanoStream Cloud. Only this client sees the credential. */
export interface NanostreamClient {
  createToken(body: SplayRequest): Promise<string>;
  verifyToken(token: string): Promise<Verdict>;
  revokeToken(token: string): Promise<void>;
  getOrganisation(): Promise<BintuOrganisation>;
  /** The nanoStream role of the configured credential. */
  getCredentialRole(): Promise<CredentialRole>;
  listStreams(params: StreamListParams): Promise<BintuStreamList>;
  getStream(id: string): Promise<BintuStream>;
  createStream(body: BintuCreateStream): Promise<BintuStream>;
  /** Resolves when both services answer HTTP at all (readiness, not correctness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const refusals = new WeakSet<object>();

/**
 * True for a definite "did not do it": an error the token service answered with its own error
 * body (`{success:false, errorCode, message}`, HTTP 4xx/5xx), or a call that never left (the
 * connection was refused, the host unknown, the connect timed out). Anything else (a timeout
 * or reset once sent, an unreadable or cut-off body, a 2xx without a token, another server's
 * error page) leaves open whether it minted or revoked.
 */
export const isRefusal = (error: unknown) =>
  typeof error === 'object' && error !== null && (refusals.has(error) || neverSent(error));

function tokenServiceFailure({ status, body, retryAfter }: UpstreamResponse, now: number) {
  const error = tokenServiceError(status, body, now, retryAfter);
  if (status >= 400 && nanoErrorSchema.safeParse(body).success) refusals.add(error);
  return error;
}

/** `now`: the app's clock, which a "too many requests" answer's wait is read against. */
export function createNanostreamClient(
  target: UpstreamTarget,
  timeouts: TransportOptions,
  now: () => number,
): NanostreamClient {
  const agent = createAgent(timeouts);
  const authHeader = () => ({
    [target.credential.kind === 'token' ? AUTH_HEADER_TOKEN : AUTH_HEADER_APIKEY]:
      target.credential.value.reveal(),
  });
  const tokenUrl = (path: string) => new URL(`${target.tokenApiUrl}${path}`);
  const bintuUrl = (path: string) => new URL(`${target.bintuApiUrl}${path}`);

  function parse<S extends z.ZodType>(schema: S, response: UpstreamResponse, service: Service) {
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw upstreamMalformed(service);
    return parsed.data as z.output<S>;
  }

  const tokenCall = async (path: string, body: unknown, auth: boolean) => {
    const response = await sendJson(
      agent,
      'token service',
      timeouts,
      tokenUrl(path),
      'POST',
      auth ? authHeader() : {},
      body,
    );
    if (response.status >= 200 && response.status < 300 && response.malformed) {
      throw upstreamMalformed('token service');
    }
    return response;
  };

  const bintuCall = async (method: 'GET' | 'POST', url: URL, body?: unknown) => {
    const response = await sendJson(agent, 'bintu API', timeouts, url, method, authHeader(), body);
    if (response.status < 200 || response.status >= 300)
      throw bintuError(response.status, response.body);
    return response;
  };

  return {
    async createToken(body) {
      const response = await tokenCall('/api/v1/splay', body, true);
      if (response.status !== 200) throw tokenServiceFailure(response, now());
      return parse(splaySuccessSchema, response, 'token service').data.token;
    },

    async verifyToken(token) {
      const response = await tokenCall('/api/v1/splay/verify', { token }, false);
      if (response.status === 200) {
        parse(splaySuccessSchema, response, 'token service');
        return { valid: true, errorCode: null, message: 'The token service accepts this token.' };
      }
      // A refusal of the token is the verdict the inspector asked for, not a failure.
      const refusal = nanoErrorSchema.safeParse(response.body);
      if (response.status >= 400 && response.status < 500 && refusal.success) {
        const { errorCode, message } = refusal.data;
        return {
          valid: false,
          errorCode,
          message: verdictMessage(response.status, errorCode, message),
        };
      }
      throw tokenServiceError(response.status, response.body, now(), response.retryAfter);
    },

    async revokeToken(token) {
      const response = await tokenCall('/api/v1/splay/revoke', { token }, true);
      if (response.status !== 204 && response.status !== 200) {
        throw tokenServiceFailure(response, now());
      }
    },

    async getOrganisation() {
      return parse(
        bintuOrganisationSchema,
        await bintuCall('GET', bintuUrl('/organisation')),
        'bintu API',
      );
    },

    async getCredentialRole() {
      // The organisation API key is the highest privilege there is; only bintu tokens have roles.
      if (target.credential.kind === 'apikey') return 'nanoAdmin';
      try {
        return parse(bintuUserSchema, await bintuCall('GET', bintuUrl('/user')), 'bintu API')
          .permission;
      } catch (error) {
        // nanoAdmin and nanoUser may ask who they are; a refusal for the role means read-only.
        if (error instanceof HttpError && error.code === 'upstream-forbidden')
          return 'nanoReadOnly';
        throw error;
      }
    },

    async listStreams(params) {
      const url = bintuUrl('/stream');
      url.searchParams.set('quantity', String(params.quantity));
      url.searchParams.set('page', String(params.page));
      if (params.state) url.searchParams.set('state', params.state);
      if (params.tags?.length) url.searchParams.set('tags', params.tags.join(','));
      return parse(bintuStreamListSchema, await bintuCall('GET', url), 'bintu API');
    },

    async getStream(id) {
      const url = bintuUrl(`/stream/${pathSegment(id, 'id')}`);
      return parse(bintuStreamSchema, await bintuCall('GET', url), 'bintu API');
    },

    async createStream(body) {
      return parse(
        bintuStreamSchema,
        await bintuCall('POST', bintuUrl('/stream'), body),
        'bintu API',
      );
    },

    async ping() {
      // Any HTTP answer proves reachability; auth is not needed to say "I am here".
      await Promise.all([
        sendJson(
          agent,
          'token service',
          timeouts,
          tokenUrl('/api/v1/splay/verify'),
          'POST',
          {},
          {},
        ),
        sendJson(agent, 'bintu API', timeouts, bintuUrl('/organisation'), 'GET', {}),
      ]);
    },

    close: () => agent.close(),
  };
}
