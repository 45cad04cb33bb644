import type { FastifyRequest } from 'fastify';
import { createHmac, randomUUID } from 'node:crypto';
import { deriveKey, open, seal, sha256, type KeyList } from '../lib/crypto.ts';
import { HttpError } from '../lib/errors.ts';
import { byText } from '../lib/order.ts';
import type { IdempotencyId, IdempotencyRepository } from '../db/repositories/idempotency.ts';
import { KEY_LABELS, answerContext } from '../lib/crypto-contexts.ts';

/** How long a finished answer is replayed for a retry with the same key. */
export const REPLAY_TTL_MS = 10 * 60 * 1000;
/**
 * A claim is a short lease that its live process renews while the work runs: a retry after a
 * crash waits seconds, not minutes, and a slow first request (a token service taking its full
 * timeout) still keeps its key.
 */
export const LEASE_MS = 10_000;
export const RENEW_EVERY_MS = 3_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;
/** Marks a stored body hash as keyed (below); a plain sha256 is 64 hex digits, no colon. */
const KEYED_HASH = 'hmac1:';

/** JSON with sorted keys, so `{a,b}` and `{b,a}` count as the same body. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => byText(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || !KEY_PATTERN.test(key)) {
    throw new HttpError(
      400,
      'invalid-request',
      'Idempotency-Key: use 1 to 128 printable characters.',
      {
        issues: [{ path: 'Idempotency-Key', message: 'Use 1 to 128 printable characters.' }],
      },
    );
  }
  return key;
}

export type Attempt<T> =
  | { kind: 'replay'; statusCode: number; body: T }
  | {
      kind: 'proceed';
      /** Extends the lease; false when another request took the key over. */
      renew(): Promise<boolean>;
      finish(statusCode: number, body: T): Promise<void>;
      abandon(): Promise<void>;
    };

/**
 * Exactly-once for creating requests. The first request with a key claims it; a retry with
 * the same body gets the stored answer; a different body is refused (422); a retry while the
 * first is still running gets 409 and may try again in a moment; a retry after the first one's
 * process died takes the key over once the lease has run out.
 */
export class Idempotency {
  /**
   * What a row keeps of its request's body is an HMAC-SHA256 under a key derived from each
   * LEDGER_KEY: bodies carry identity secrets, viewers' addresses and user ids, and a plain
   * hash of a guessable body could be confirmed by anyone who reads the database.
   */
  private readonly bodyKeys: readonly Buffer[];

  constructor(
    private readonly repo: IdempotencyRepository,
    private readonly keys: KeyList,
    private readonly now: () => number,
  ) {
    this.bodyKeys = keys.map((key) => deriveKey(key, KEY_LABELS.idempotencyBody));
  }

  private keyedHash(key: Buffer, canonical: string) {
    return KEYED_HASH + createHmac('sha256', key).update(canonical).digest('hex');
  }

  /**
   * Whether a stored hash is of this body. Under any of the keys, not only the first: while
   * LEDGER_KEY rotates, a retry may reach a replica that already hashes with the new key (or
   * still with the old one) and must still find its first request's row.
   *
   * Rows stored before bodies were hashed with a key hold a plain sha256. They are compared as
   * such rather than migrated: a migration cannot key a hash without the body, and deleting the
   * rows would make a retry under way during the upgrade create a second time. None outlives
   * its expiry (a claim's lease, an answer's REPLAY_TTL_MS): a later claim of the key writes
   * the keyed form, and the sweeper deletes the rest.
   */
  private sameBody(stored: string, canonical: string) {
    if (!stored.startsWith(KEYED_HASH)) return stored === sha256(canonical);
    return this.bodyKeys.some((key) => stored === this.keyedHash(key, canonical));
  }

  async begin<T>(id: IdempotencyId, rawBody: unknown): Promise<Attempt<T>> {
    const canonical = canonicalJson(rawBody);
    const bodyHash = this.keyedHash(this.bodyKeys[0] as Buffer, canonical);
    const context = answerContext(id);
    const now = this.now();
    const owner = randomUUID();
    if (!(await this.repo.claim(id, bodyHash, now, now + LEASE_MS, owner))) {
      const row = await this.repo.find(id);
      if (!row) return this.begin(id, rawBody);
      if (!this.sameBody(row.body_hash, canonical)) {
        throw new HttpError(
          422,
          'idempotency-key-reused',
          'This Idempotency-Key was already used for a different request. Use a new key.',
        );
      }
      if (row.state === 'pending' || row.response === null) {
        throw new HttpError(
          409,
          'idempotency-in-flight',
          'The same request is still being processed. Retry in a moment.',
          {},
          { 'retry-after': '1' },
        );
      }
      const body = JSON.parse(open(this.keys, row.response, context)) as T;
      return { kind: 'replay', statusCode: Number(row.status_code ?? 200), body };
    }
    return {
      kind: 'proceed',
      renew: () => this.repo.renew(id, owner, this.now() + LEASE_MS),
      finish: async (statusCode, body) => {
        const sealed = seal(this.keys, JSON.stringify(body), context);
        await this.repo.complete(id, owner, statusCode, sealed, this.now() + REPLAY_TTL_MS);
      },
      abandon: () => this.repo.release(id, owner),
    };
  }
}
