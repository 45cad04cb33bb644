import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { open, seal, sha256, type KeyList } from '../lib/crypto.ts';
import { HttpError } from '../lib/errors.ts';
import { byText } from '../lib/order.ts';
import type { IdempotencyId, IdempotencyRepository } from '../db/repositories/idempotency.ts';
import { answerContext, bodyHashContext, isPlainBodyHash } from '../lib/crypto-contexts.ts';

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
  constructor(
    private readonly repo: IdempotencyRepository,
    private readonly keys: KeyList,
    private readonly now: () => number,
  ) {}

  /**
   * Whether a row's body hash is of this body. A row keeps the sha256 of its request's body
   * sealed with LEDGER_KEY, as its answer is: bodies carry identity secrets, viewers' addresses
   * and user ids, and a plain hash of a guessable body could be confirmed by anyone who reads the
   * database. Sealed, it opens under any key of the list (a retry reaching a replica a step
   * further in a rotation still finds its row) and is sealed again under a new first key with
   * the other stored secrets, so the old key can be dropped at once.
   *
   * Rows stored before hashes were sealed hold a plain sha256. They are compared as such rather
   * than migrated: a migration cannot seal a hash without the key, and deleting the rows would
   * make a retry under way during the upgrade create a second time. None outlives its expiry (a
   * claim's lease, an answer's REPLAY_TTL_MS): a later claim of the key writes the sealed form,
   * and the sweeper deletes the rest.
   */
  private sameBody(id: IdempotencyId, stored: string, canonical: string) {
    if (isPlainBodyHash(stored)) return stored === sha256(canonical);
    try {
      return open(this.keys, stored, bodyHashContext(id)) === sha256(canonical);
    } catch {
      // Sealed under a key no longer listed: the body cannot be shown to be the same.
      return false;
    }
  }

  async begin<T>(id: IdempotencyId, rawBody: unknown): Promise<Attempt<T>> {
    const canonical = canonicalJson(rawBody);
    const bodyHash = seal(this.keys, sha256(canonical), bodyHashContext(id));
    const context = answerContext(id);
    const now = this.now();
    const owner = randomUUID();
    if (!(await this.repo.claim(id, bodyHash, now, now + LEASE_MS, owner))) {
      const row = await this.repo.find(id);
      if (!row) return this.begin(id, rawBody);
      if (!this.sameBody(id, row.body_hash, canonical)) {
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
