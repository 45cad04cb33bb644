import { createTokenRequestSchema, type Role } from '@ptd/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { AuditRepository } from '../../src/db/repositories/audit.ts';
import { LedgerRepository } from '../../src/db/repositories/ledger.ts';
import { StaffRepository, type StaffRow } from '../../src/db/repositories/staff.ts';
import type { Database } from '../../src/db/schema.ts';
import { WriteQueue } from '../../src/db/write-queue.ts';
import type { KeyList } from '../../src/lib/crypto.ts';
import { Secret } from '../../src/lib/secret.ts';
import { credentialFacts } from '../../src/services/organisation.ts';
import { mintToken } from '../../src/services/tokens/create.ts';
import type { TokenServiceDeps } from '../../src/services/tokens/deps.ts';
import { liveCallLimitMs } from '../../src/services/tokens/live-call.ts';
import { revokeAs } from '../../src/services/tokens/revoke.ts';
import { createNanostreamClient } from '../../src/upstream/client.ts';
import { testDatabaseUrl } from '../helpers/database.ts';
import { tokenRequest } from '../helpers/tokens.ts';
import { CREDENTIALS } from '../helpers/upstream.ts';
import { useTestDataDir } from '../helpers/data-dirs.ts';
import { useTestUpstream } from '../helpers/fixture.ts';
import { insertStaffMember } from '../helpers/staff-members.ts';

const upstreamTimeouts = { connectMs: 2000, responseMs: 5000 };
const log = pino({ level: 'silent' }) as FastifyBaseLogger;
const LEDGER_KEYS: KeyList = [randomBytes(32)];
const { emulator } = useTestUpstream();
const data = useTestDataDir('bff-token-service-');
let db: Kysely<Database>;
let writes: WriteQueue;
let deps: TokenServiceDeps;
let staff: StaffRepository;

/** The token service's dependencies, built as the app builds them, from their real parts. */
function tokenServiceDeps(bintuToken: string): TokenServiceDeps & { close(): Promise<void> } {
  const now = () => Date.now();
  const nanostream = createNanostreamClient(
    {
      tokenApiUrl: emulator.url,
      bintuApiUrl: emulator.url,
      credential: { kind: 'token', value: new Secret(bintuToken) },
    },
    {
      connectTimeoutMs: upstreamTimeouts.connectMs,
      responseTimeoutMs: upstreamTimeouts.responseMs,
    },
    now,
  );
  const facts = credentialFacts(nanostream, now, log);
  return {
    repos: {
      ledger: new LedgerRepository(db, now, writes),
      audit: new AuditRepository(db, now, writes),
    },
    nanostream,
    now,
    ledgerKeys: LEDGER_KEYS,
    organisation: facts.organisation,
    organisationId: facts.organisationId,
    credentialRole: facts.credentialRole,
    liveCallLimitMs: liveCallLimitMs({ upstreamTimeouts }),
    close: () => nanostream.close(),
  };
}

const staffMember = (role: Role) => insertStaffMember(staff, role);

const request = (overrides: Parameters<typeof tokenRequest>[0] = {}) =>
  createTokenRequestSchema(Date.now).parse(tokenRequest(overrides));

const mintRevocable = (owner: StaffRow) =>
  mintToken(deps, { staff: owner, ip: null, log }, request({ revocable: true }));

beforeAll(async () => {
  db = await openDatabase({ dataDir: data.dir, databaseUrl: await testDatabaseUrl(data.dir) });
  writes = new WriteQueue(db);
  staff = new StaffRepository(db);
  deps = tokenServiceDeps(CREDENTIALS.demoEvents.adminToken);
});
afterAll(async () => {
  await (deps as ReturnType<typeof tokenServiceDeps>).close();
  await writes.close();
  await db.destroy();
});

describe('the token service with explicit dependencies', () => {
  it('should mint a token at the token service and record it with its audit entry', async () => {
    const editor = await staffMember('editor');
    const minted = await mintToken(deps, { staff: editor, ip: '198.51.100.1', log }, request());
    expect((await deps.nanostream.verifyToken(minted.token)).valid).toBe(true);
    expect(minted.record).toMatchObject({ status: 'active', createdBy: { id: editor.id } });
    expect(await deps.repos.ledger.byId(minted.record.id)).toMatchObject({ state: 'issued' });
    const audit = await deps.repos.audit.list({ page: 1, pageSize: 1, action: 'token.create' });
    expect(audit.items[0]).toMatchObject({ subject: minted.record.id, actor: { id: editor.id } });
  });

  it('should revoke a revocable token at the token service and record who revoked it', async () => {
    const editor = await staffMember('editor');
    const minted = await mintRevocable(editor);
    const revoked = await revokeAs(deps, { staff: editor, ip: null, log }, minted.record.id);
    expect(revoked).toMatchObject({ status: 'revoked', revokedBy: { id: editor.id } });
    expect(await deps.nanostream.verifyToken(minted.token)).toMatchObject({ valid: false });
    const audit = await deps.repos.audit.list({ page: 1, pageSize: 1, action: 'token.revoke' });
    expect(audit.items[0]).toMatchObject({ subject: minted.record.id, actor: { id: editor.id } });
  });

  it("should refuse an editor revoking another's token without asking the token service", async () => {
    const [owner, other] = [await staffMember('editor'), await staffMember('editor')];
    const minted = await mintRevocable(owner);
    await expect(
      revokeAs(deps, { staff: other, ip: null, log }, minted.record.id),
    ).rejects.toMatchObject({
      statusCode: 403,
      code: 'forbidden',
    });
    expect((await deps.nanostream.verifyToken(minted.token)).valid).toBe(true);
    expect(await deps.repos.ledger.byId(minted.record.id)).toMatchObject({
      revocation_requested_at: null,
      revoked_at: null,
    });
  });

  it('should refuse to mint or revoke with a read-only credential before writing anything', async () => {
    const readOnly = tokenServiceDeps(CREDENTIALS.demoEvents.readonlyToken);
    try {
      const editor = await staffMember('editor');
      const before = await deps.repos.audit.list({ page: 1, pageSize: 1, action: 'token.create' });
      await expect(
        mintToken(readOnly, { staff: editor, ip: null, log }, request()),
      ).rejects.toMatchObject({ statusCode: 403, code: 'credential-read-only' });
      const after = await deps.repos.audit.list({ page: 1, pageSize: 1, action: 'token.create' });
      expect(after.items[0]?.id).toBe(before.items[0]?.id);
      const minted = await mintRevocable(editor);
      await expect(
        revokeAs(readOnly, { staff: editor, ip: null, log }, minted.record.id),
      ).rejects.toMatchObject({ statusCode: 403, code: 'credential-read-only' });
      expect((await deps.nanostream.verifyToken(minted.token)).valid).toBe(true);
    } finally {
      await readOnly.close();
    }
  });
});
