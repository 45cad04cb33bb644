import { splaySuccessSchema, type TokenTarget } from '@ptd/contracts';
import { mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../apps/bff/src/db/connect.ts';
import { AuditRepository } from '../../../apps/bff/src/db/repositories/audit.ts';
import { LedgerRepository } from '../../../apps/bff/src/db/repositories/ledger.ts';
import { LedgerWriteBehind } from '../../../apps/bff/src/db/repositories/ledger-write-behind.ts';
import { POSTGRES_PARALLEL, WriteQueue } from '../../../apps/bff/src/db/write-queue.ts';
import { attemptRow } from '../../../apps/bff/src/services/tokens/attempt.ts';
import { recordMinted } from '../../../apps/bff/src/services/tokens/record-minted.ts';
import { forward, serve } from './forward.ts';

/**
 * The relay floor plus what the issue asks of every viewer token, and nothing else: the token
 * service's answer read (JSON), the token's ledger row built, its claims decoded, the token
 * sealed when revocable and the row held and written behind the answer (SQLite in a temporary
 * directory, or DATABASE_URL's PostgreSQL; the BFF's own code for all of it: attemptRow,
 * recordMinted, LedgerWriteBehind).
 * No CORS, no policy, no rate limits, no validation, no framework. What any server that meets
 * the issue would at least cost on this machine. A token is sealed when the body asks for a
 * revocable one, as the BFF seals its policy's revocable tokens.
 */
// DATA_DIR when the bench seeds this ledger before the load, a directory of its own otherwise.
const dataDir = process.env.DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'ptd-bench-recorded-'));
// PostgreSQL when the bench runs the BFF on it (a schema of its own), SQLite otherwise.
const databaseUrl = process.env.DATABASE_URL;
const db = await openDatabase({
  dataDir,
  databaseUrl,
  ...(process.env.DATABASE_SCHEMA ? { schema: process.env.DATABASE_SCHEMA } : {}),
});
const writes = databaseUrl
  ? new WriteQueue(db, POSTGRES_PARALLEL, true)
  : new WriteQueue(db, 1, false);
type Log = Parameters<typeof recordMinted>[5];
const quiet = () => undefined;
/** No log lines (the BFF logs none for an issued viewer token either). */
const log = {
  level: 'silent',
  fatal: quiet,
  error: quiet,
  warn: quiet,
  info: quiet,
  debug: quiet,
  trace: quiet,
  silent: quiet,
  child: () => log,
} as unknown as Log;
const ledger = new LedgerRepository(db, Date.now, writes);
const writeBehind = new LedgerWriteBehind(ledger, log);
const deps = {
  repos: { ledger, audit: new AuditRepository(db, Date.now, writes) },
  now: Date.now,
  ledgerKeys: [randomBytes(32)] as [Buffer],
  writeBehind,
};

serve(
  (body, answer) => {
    const request = JSON.parse(body.toString('utf8')) as {
      exp: number;
      groupid?: string;
      ip?: string;
      domain?: string;
      tag?: string;
      revocable?: boolean;
    };
    const target: TokenTarget = { type: 'group', groupId: request.groupid ?? '' };
    const now = Date.now();
    const row = attemptRow(deps, {
      kind: 'viewer',
      policy_id: 'bench-policy',
      target: JSON.stringify(target),
      issued_at: Math.floor(now / 1000),
      not_before: Math.floor(now / 1000),
      expires_at: request.exp,
      revocable: request.revocable ? 1 : 0,
      force_disconnect: 0,
      ip: request.ip ?? null,
      domain: request.domain ?? null,
      viewer_user: null,
      tag: request.tag ?? null,
      created_by: null,
    });
    forward(body, (status, text) => {
      if (status !== 200) return answer(status, text);
      const token = splaySuccessSchema.parse(JSON.parse(text)).data.token;
      void recordMinted(deps, row, target, token, { actorId: null, ip: '127.0.0.1' }, log).then(
        (recorded) => answer(200, JSON.stringify({ jwtoken: token, exp: recorded.expires_at })),
        () => answer(503, ''),
      );
    });
  },
  async () => {
    await writeBehind.close(5000);
    await writes.close();
    await db.destroy();
  },
);
