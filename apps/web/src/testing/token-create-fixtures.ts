import {
  resolveExpiry,
  type CreateTokenResponse,
  type TokenRecord,
  type TokenRequest,
} from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { fakeJwt, tokenRecord } from './token-fixtures.ts';

/** What the BFF answers to a create request: a JWT-looking token and its ledger record. */
export function createdTokenFor(
  body: TokenRequest,
  overrides: Partial<CreateTokenResponse> = {},
): CreateTokenResponse {
  const now = Date.now();
  const notBefore = body.notBefore ?? new Date(now).toISOString();
  // A duration counts from now, as the BFF counts it when it mints.
  const expiresAt = resolveExpiry(body, now).expiresAt;
  const record: TokenRecord = tokenRecord({
    id: 'tok-new',
    target: body.target,
    notBefore,
    issuedAt: new Date(now).toISOString(),
    createdAt: new Date(now).toISOString(),
    expiresAt,
    revocable: body.revocable,
    forceDisconnect: body.forceDisconnect,
    ip: body.ip ?? null,
    domain: body.domain ?? null,
    user: body.user ?? null,
    tag: body.tag ?? null,
  });
  const token = fakeJwt({ aud: 'splay', iss: 'nanocosmos', jti: 'jti-new', secret: 'abc' });
  return { token, record, ...overrides };
}

export interface CreateTokenCall {
  body: TokenRequest;
  idempotencyKey: string | null;
  csrf: string | null;
}

/** `POST /api/tokens` that records each call and answers like the BFF. */
export function createTokenHandler(
  calls: CreateTokenCall[] = [],
  respond: (body: TokenRequest) => CreateTokenResponse = (body) => createdTokenFor(body),
) {
  return http.post('/api/tokens', async ({ request }) => {
    const body = (await request.json()) as TokenRequest;
    calls.push({
      body,
      idempotencyKey: request.headers.get('idempotency-key'),
      csrf: request.headers.get('x-csrf-token'),
    });
    return HttpResponse.json(respond(body), { status: 201 });
  });
}
