import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffRow } from '../../src/db/repositories/staff.ts';
import { answerContext } from '../../src/lib/crypto-contexts.ts';
import { seal, sha256, type KeyList } from '../../src/lib/crypto.ts';
import { LEASE_MS, Idempotency, canonicalJson } from '../../src/services/idempotency.ts';
import { useTestApp } from '../helpers/fixture.ts';
import { insertStaffMember } from '../helpers/staff-members.ts';

const { t } = useTestApp({ upstream: 'embedded' });
let staff: StaffRow;
beforeAll(async () => {
  staff = await insertStaffMember(t.app.repos.staff, 'admin');
});

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const idempotencyWith = (keys: KeyList) =>
  new Idempotency(t.app.repos.idempotency, keys, t.app.now);
const idOf = (key: string) => ({ staffId: staff.id, scope: 'policies.create', key });

/** A body whose secret part is short enough to guess: a policy with its identity secret. */
const policyBody = (secret: string) => ({
  name: 'Ticket holders',
  identity: { kind: 'shared-secret', secret },
});

const sealedAnswer = (id: ReturnType<typeof idOf>, answer: unknown) =>
  seal(t.app.ledgerKeys, JSON.stringify(answer), answerContext(id));

const storedHash = async (key: string) =>
  (
    await t.app.db
      .selectFrom('idempotency')
      .select('body_hash')
      .where('key', '=', key)
      .executeTakeFirstOrThrow()
  ).body_hash;

/** Starts and finishes a request with `key`, answering `answer`. */
async function done(idempotency: Idempotency, key: string, body: unknown, answer: unknown) {
  const attempt = await idempotency.begin(idOf(key), body);
  if (attempt.kind !== 'proceed') throw new Error(`${key} was already used`);
  await attempt.finish(201, answer);
}

describe("Idempotency-Key rows and their request's body", () => {
  it('should store the body’s hash sealed with LEDGER_KEY, not a plain sha256 anyone could check a guess against', async () => {
    const body = policyBody('1234');
    await done(idempotencyWith([oldKey]), 'sealed-1', body, { id: 'p-1' });
    const stored = await storedHash('sealed-1');
    // Whoever reads the database cannot confirm a guess of the body (the secret) offline.
    expect(stored).not.toContain(sha256(canonicalJson(body)));
    // Sealed: the same body leaves another value each time, under any key.
    await done(idempotencyWith([newKey]), 'sealed-2', body, { id: 'p-2' });
    expect(await storedHash('sealed-2')).not.toBe(stored);

    const again = await idempotencyWith([oldKey]).begin(idOf('sealed-1'), body);
    expect(again).toMatchObject({ kind: 'replay', statusCode: 201, body: { id: 'p-1' } });
    await expect(
      idempotencyWith([oldKey]).begin(idOf('sealed-1'), policyBody('1235')),
    ).rejects.toMatchObject({ statusCode: 422, code: 'idempotency-key-reused' });
  });

  it('should match a retry whose replica hashes with another key of the list while LEDGER_KEY rotates', async () => {
    const body = policyBody('rotation');
    // Step 1 of a rotation (`old,new`) stored it; the retry reaches a replica at step 2 (`new,old`).
    await done(idempotencyWith([oldKey, newKey]), 'rotate-1', body, { id: 'p-3' });
    expect(await idempotencyWith([newKey, oldKey]).begin(idOf('rotate-1'), body)).toMatchObject({
      kind: 'replay',
      body: { id: 'p-3' },
    });
    // And the other way round: stored under the new key, retried where the old one still hashes.
    await done(idempotencyWith([newKey, oldKey]), 'rotate-2', body, { id: 'p-4' });
    expect(await idempotencyWith([oldKey, newKey]).begin(idOf('rotate-2'), body)).toMatchObject({
      kind: 'replay',
      body: { id: 'p-4' },
    });
    // A different body is still refused under every key.
    await expect(
      idempotencyWith([newKey, oldKey]).begin(idOf('rotate-1'), policyBody('other')),
    ).rejects.toMatchObject({ statusCode: 422, code: 'idempotency-key-reused' });
    // A claim still running answers 409 to a retry on the other replica, not 422.
    expect((await idempotencyWith([oldKey, newKey]).begin(idOf('rotate-3'), body)).kind).toBe(
      'proceed',
    );
    await expect(
      idempotencyWith([newKey, oldKey]).begin(idOf('rotate-3'), body),
    ).rejects.toMatchObject({ statusCode: 409, code: 'idempotency-in-flight' });
  });

  it('should still answer retries of rows stored with a plain sha256 until they expire', async () => {
    const body = policyBody('from-before');
    const id = idOf('plain-1');
    const now = t.app.now();
    // A row as versions before the sealed hash wrote it.
    await t.app.repos.idempotency.claim(id, sha256(canonicalJson(body)), now, now + LEASE_MS, 'o');
    await t.app.repos.idempotency.complete(
      id,
      'o',
      201,
      sealedAnswer(id, { id: 'p-5' }),
      now + 60_000,
    );

    const idempotency = idempotencyWith(t.app.ledgerKeys);
    expect(await idempotency.begin(id, body)).toMatchObject({
      kind: 'replay',
      body: { id: 'p-5' },
    });
    await expect(idempotency.begin(id, policyBody('other'))).rejects.toMatchObject({
      statusCode: 422,
      code: 'idempotency-key-reused',
    });

    // Once expired, the key is claimed anew and its row holds the sealed hash.
    t.clock.advance(61_000);
    expect((await idempotency.begin(id, body)).kind).toBe('proceed');
    expect(await storedHash('plain-1')).not.toBe(sha256(canonicalJson(body)));
  });
});
