import type { PlaybackPolicy, PolicyRequestInput } from '@ptd/contracts';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Client } from './client.ts';
import { http, type HttpSession } from './http-session.ts';

export const CUP_FINAL_GROUP = 'a1000000-0000-4000-8000-000000000001';
export const SHOP = 'shop.example.com';

export const policyInput = (overrides: Partial<PolicyRequestInput> = {}): PolicyRequestInput => ({
  name: 'Cup final viewers',
  target: { type: 'group', groupId: CUP_FINAL_GROUP },
  allowedOrigins: [SHOP],
  ...overrides,
});

export async function createPolicy(client: Client, overrides: Partial<PolicyRequestInput> = {}) {
  const response = await client.post('/api/policies', policyInput(overrides));
  if (response.statusCode !== 201) throw new Error(`policy create failed: ${response.body}`);
  return response.json<PlaybackPolicy>();
}

export interface ViewerRequest {
  /** The body; default `{ policy }`. */
  body?: Record<string, unknown>;
  policy?: string;
  /** Sent as Origin unless null. */
  origin?: string | null;
  referer?: string;
  remoteAddress?: string;
  headers?: Record<string, string>;
  /**
   * Whether to wait, once answered, until the rows held behind answers are written (default):
   * a test reading the ledger next reads it as a moment later (decision 020).
   */
  settle?: boolean;
}

/** A viewer's browser calling the public endpoint (no cookie, no CSRF token). */
export async function requestToken(
  app: FastifyInstance,
  options: ViewerRequest = {},
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const origin = options.origin === undefined ? `https://${SHOP}` : options.origin;
  if (origin !== null) headers.origin = origin;
  if (options.referer) headers.referer = options.referer;
  const response = await app.inject({
    method: 'POST',
    url: '/playback-token',
    headers,
    payload: options.body ?? { policy: options.policy },
    remoteAddress: options.remoteAddress ?? '203.0.113.7',
  });
  if (options.settle !== false) await app.repos.viewerRows.flush();
  return response;
}

/**
 * Over HTTP, for a BFF in its own process: creates a policy for the shop as `admin`, and answers
 * its id and a viewer's request for a token from the shop's page.
 */
export async function policyOverHttp(url: string, admin: HttpSession, name: string) {
  const created = await http<{ id: string }>(
    url,
    admin,
    'POST',
    '/api/policies',
    policyInput({ name }),
  );
  if (created.status !== 201)
    throw new Error(`policy create failed: ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  const viewer = () =>
    http<{ code?: string }>(
      url,
      null,
      'POST',
      '/playback-token',
      { policy: id },
      { origin: `https://${SHOP}` },
    );
  return { id, viewer };
}
