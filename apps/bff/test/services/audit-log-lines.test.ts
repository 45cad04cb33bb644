import type { AuditEntry, AuditList, CreateTokenResponse } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { AUDIT_LOG_MESSAGE } from '../../src/services/audit-log-lines.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { staffClient, type Client } from '../helpers/client.ts';
import { onPostgres } from '../helpers/database.ts';
import { useTestDataDirs } from '../helpers/data-dirs.ts';
import { useTestUpstream } from '../helpers/fixture.ts';
import { tokenRequest } from '../helpers/tokens.ts';

const upstream = useTestUpstream();
const dataDir = useTestDataDirs('audit-log-lines');

/** The audit entries the app has written to its log so far, in order. */
const logged = (t: TestApp): AuditEntry[] =>
  t.logs.filter((line) => line.msg === AUDIT_LOG_MESSAGE).map((line) => line.audit as AuditEntry);

/** Every entry of the audit log, oldest first, as staff see it. */
async function auditLog(admin: Client): Promise<AuditEntry[]> {
  const page = (await admin.get('/api/audit?pageSize=100')).json<AuditList>();
  return [...page.items].reverse();
}

async function until<T>(what: string, probe: () => T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const app = async (env: Record<string, string> = {}, dir?: string) =>
  createTestApp({
    upstreamUrl: upstream.url,
    dataDir: dir ?? (await dataDir()),
    keepDataDir: true,
    // On, as by default (the test apps turn them off).
    env: { AUDIT_LOG_LINES: 'true', ...env },
  });

describe('audit entries in the log', () => {
  it('should write each audit entry to the log once, as staff see it, within about a second', async () => {
    const t = await app();
    try {
      const admin = await staffClient(t.app, 'admin');
      const created = await admin.post(
        '/api/tokens',
        tokenRequest({ revocable: true, tag: 'log' }),
      );
      expect(created.statusCode).toBe(201);
      const { token, record } = created.json<CreateTokenResponse>();
      await admin.post(`/api/tokens/${record.id}/revoke`);
      const entries = await auditLog(admin);
      expect(entries.map((entry) => entry.action)).toEqual(
        expect.arrayContaining(['staff.create', 'session.sign-in', 'token.create', 'token.revoke']),
      );
      const lines = await until('the entries in the log', () => {
        const now = logged(t);
        return now.length >= entries.length ? now : undefined;
      });
      // The same facts as the audit log's page: id, time, actor, action, subject, address.
      expect(lines).toEqual(entries);
      // Later looks write nothing again.
      await new Promise((resolve) => setTimeout(resolve, 2200));
      expect(logged(t)).toHaveLength(entries.length);
      expect(new Set(logged(t).map((entry) => entry.id)).size).toBe(entries.length);
      // The trail, like every other log line, holds no token.
      expect(t.rawLogs()).not.toContain(token);
    } finally {
      await t.close();
    }
  });

  it('should write the last entries before the database closes on a clean shutdown', async () => {
    const t = await app();
    let closed = false;
    try {
      const admin = await staffClient(t.app, 'admin');
      await admin.post('/api/tokens', tokenRequest({ tag: 'last' }));
      // At once: the second's look has not run yet.
      await t.close();
      closed = true;
      expect(logged(t).map((entry) => entry.action)).toContain('token.create');
    } finally {
      if (!closed) await t.close();
    }
  });

  it('should write the trail whatever LOG_LEVEL hides, and none with AUDIT_LOG_LINES=false', async () => {
    const quiet = await app({ LOG_LEVEL: 'warn' });
    try {
      const admin = await staffClient(quiet.app, 'admin');
      await admin.post('/api/tokens', tokenRequest({ tag: 'quiet' }));
      await until('the token.create line', () =>
        logged(quiet).find((entry) => entry.action === 'token.create'),
      );
      // Only the trail: the requests' own info lines stay hidden.
      expect(
        quiet.logs.filter((line) => line.level === 30 && line.msg !== AUDIT_LOG_MESSAGE),
      ).toEqual([]);
    } finally {
      await quiet.close();
    }
    const off = await app({ AUDIT_LOG_LINES: 'false' });
    try {
      const admin = await staffClient(off.app, 'admin');
      await admin.post('/api/tokens', tokenRequest({ tag: 'off' }));
      expect((await auditLog(admin)).map((entry) => entry.action)).toContain('token.create');
      await new Promise((resolve) => setTimeout(resolve, 1500));
    } finally {
      await off.close();
    }
    expect(logged(off)).toEqual([]);
  });

  it.skipIf(!onPostgres)(
    'should write each entry once across replicas looking at the same moment',
    async () => {
      const dir = await dataDir();
      // Their own looks off: the test makes the three look at once, a batch of 5 at a time.
      const replicas = [];
      for (let i = 0; i < 3; i += 1) replicas.push(await app({ AUDIT_LOG_LINES: 'false' }, dir));
      try {
        const admins = await Promise.all(replicas.map((r) => staffClient(r.app, 'admin')));
        await Promise.all(
          admins.flatMap((admin, i) =>
            Array.from({ length: 10 }, (_, n) =>
              admin.post('/api/tokens', tokenRequest({ tag: `r${i}-${n}` })),
            ),
          ),
        );
        const total = (await admins[0]!.get('/api/audit?pageSize=1')).json<AuditList>().total;
        const written: string[][] = replicas.map(() => []);
        for (;;) {
          const counts = await Promise.all(
            replicas.map((r, i) =>
              r.app.repos.audit.logPending(
                (entries) => written[i]!.push(...entries.map((entry) => entry.id)),
                5,
              ),
            ),
          );
          if (counts.every((n) => n === 0)) break;
        }
        const ids = written.flat();
        expect(ids).toHaveLength(total);
        expect(new Set(ids).size).toBe(total);
        // Shared out, not all taken by one.
        expect(written.filter((mine) => mine.length > 0).length).toBeGreaterThan(1);
      } finally {
        for (const r of replicas) await r.close();
      }
    },
  );
});
