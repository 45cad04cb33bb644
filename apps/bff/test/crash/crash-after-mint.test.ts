import type { AuditList, TokenList } from '@ptd/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { bareTestDb } from '../helpers/database.ts';
import { signInOverHttp, startBffProcess, type BffProcess } from '../helpers/bff-process.ts';
import { tokenRequest } from '../helpers/tokens.ts';
import type { Database } from '../../src/db/schema.ts';
import { useTestDataDir } from '../helpers/data-dirs.ts';
import { useTestUpstream } from '../helpers/fixture.ts';

/** Short deadlines, so that an attempt counts as abandoned soon after it was made. */
const TIMEOUTS = { UPSTREAM_CONNECT_TIMEOUT_MS: '200', UPSTREAM_TIMEOUT_MS: '1000' };
/** What the BFF waits before it calls an attempt abandoned: 200 + 1000 ms, plus 5 s. */
const ABANDONED_AFTER_MS = 6_200;

const { proxy } = useTestUpstream('faulty');
const data = useTestDataDir('bff-crash-');
const processes: BffProcess[] = [];
// Registered last, so it runs first: the processes go before their upstream and data.
afterAll(async () => {
  await Promise.all(processes.map((bff) => bff.kill('SIGKILL')));
});

const start = async () => {
  const bff = await startBffProcess({ upstreamUrl: proxy.url, dataDir: data.dir, env: TIMEOUTS });
  processes.push(bff);
  return bff;
};

/** The ledger as the killed process left it, read from the database itself. */
async function attemptsTagged(tag: string) {
  const db = await bareTestDb<Database>(data.dir);
  try {
    return await db
      .selectFrom('ledger')
      .select(['id', 'created_at'])
      .where('tag', '=', tag)
      .execute();
  } finally {
    await db.destroy();
  }
}

/** Moves the attempt's creation `ms` earlier, in the database itself. */
async function ageAttempt(id: string, ms: number) {
  const db = await bareTestDb<Database>(data.dir);
  try {
    const { numUpdatedRows } = await db
      .updateTable('ledger')
      .set((eb) => ({ created_at: eb('created_at', '-', ms) }))
      .where('id', '=', id)
      .executeTakeFirst();
    expect(numUpdatedRows).toBe(1n);
  } finally {
    await db.destroy();
  }
}

describe('a BFF killed right after the token service minted', () => {
  it('should leave an attempt that the next BFF on the same data marks never delivered at start', async () => {
    const first = await start();
    const session = await signInOverHttp(first.url);
    const held = proxy.hold('/api/v1/splay');
    const creating = fetch(`${first.url}/api/tokens`, {
      method: 'POST',
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
        'content-type': 'application/json',
      },
      body: JSON.stringify(tokenRequest({ tag: 'crash-after-mint' })),
    }).catch(() => undefined);
    await held.arrived;
    await first.kill('SIGKILL');
    expect(await creating).toBeUndefined();

    const attempts = await attemptsTagged('crash-after-mint');
    expect(attempts).toHaveLength(1);
    const attempt = attempts[0]!;
    // A live replica's call could still be running until then: the attempt is made that much
    // older, as waiting that long before the next start would.
    await ageAttempt(attempt.id, ABANDONED_AFTER_MS + 200);

    const second = await start();
    const again = await signInOverHttp(second.url);
    const headers = { cookie: again.cookie };
    const list = (await (
      await fetch(`${second.url}/api/tokens?status=never-delivered&tag=crash-after-mint`, {
        headers,
      })
    ).json()) as TokenList;
    expect(list.items.map((item) => item.id)).toEqual([attempt.id]);
    expect(list.items[0]).toMatchObject({ jti: null, kind: 'staff' });
    const audit = (await (
      await fetch(`${second.url}/api/audit?action=token.never-delivered`, { headers })
    ).json()) as AuditList;
    expect(audit.items).toEqual([
      expect.objectContaining({
        subject: attempt.id,
        actor: null,
        details: expect.objectContaining({ reason: 'abandoned' }),
      }),
    ]);
  }, 60_000);
});
