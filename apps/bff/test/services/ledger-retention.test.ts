import type { TokenList, TokenTarget } from '@ptd/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { appendOnlyId } from '../../src/lib/ids.ts';
import { applyRetention, retentionDeps } from '../../src/services/tokens/ledger-retention.ts';
import type { TestApp } from '../helpers/app.ts';
import { staffClient } from '../helpers/client.ts';
import { onPostgres } from '../helpers/database.ts';
import { useTestApp, useTestUpstream } from '../helpers/fixture.ts';
import { ledgerRowAt } from '../helpers/ledger-rows.ts';

const DAY_MS = 86_400_000;
const HOUR_S = 3600;

const upstream = useTestUpstream();
/** The default periods (viewer 30 days, staff 365). */
const { t: defaults } = useTestApp({ upstream });
/** Viewer tokens kept one day, staff tokens for ever. */
const { t: short } = useTestApp({
  upstream,
  env: { LEDGER_RETENTION_DAYS_VIEWER: '1', LEDGER_RETENTION_DAYS_STAFF: '0' },
});
afterEach(async () => {
  for (const t of [defaults, short]) {
    for (const table of ['ledger', 'ledger_target', 'ledger_term', 'ledger_daily'] as const) {
      await t.app.db.deleteFrom(table).execute();
    }
    await t.app.db.deleteFrom('audit_log').where('action', '=', 'ledger.retention').execute();
    t.clock.set(Date.now());
  }
});

interface Row {
  kind?: 'staff' | 'viewer';
  /** Seconds between expiry and now (the app's clock). */
  expiredAgoS: number;
  createdAt?: number;
  revocable?: boolean;
  tag?: string;
  user?: string;
  policy?: string;
  target?: TokenTarget;
  state?: 'issued' | 'issuing';
  revocationRequestedAt?: number;
}

/** A ledger row through the app's own insert (targets and the filters' dictionary too). */
async function insert(t: TestApp, r: Row) {
  const nowS = Math.floor(t.clock.now() / 1000);
  const expires = nowS - r.expiredAgoS;
  const createdAt = r.createdAt ?? (expires - 2 * HOUR_S) * 1000;
  const id = appendOnlyId();
  const target = r.target ?? { type: 'streams', streams: ['DmEvt-CupFn'] };
  const row = ledgerRowAt(id, createdAt, {
    kind: r.kind ?? 'viewer',
    policy_id: r.policy ?? null,
    target: JSON.stringify(target),
    expires_at: expires,
    revocable: r.revocable ? 1 : 0,
    viewer_user: r.user ?? null,
    tag: r.tag ?? null,
    state: r.state ?? 'issued',
    revocation_requested_at: r.revocationRequestedAt ?? null,
  });
  await t.app.repos.ledger.insert(row, target);
  return id;
}

const remaining = async (t: TestApp) =>
  (await t.app.db.selectFrom('ledger').select('id').execute()).map((r) => r.id).sort();

const daily = (t: TestApp) =>
  t.app.db
    .selectFrom('ledger_daily')
    .selectAll()
    .orderBy('day')
    .orderBy('kind')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, tokens: Number(r.tokens) })));

describe('ledger retention', () => {
  it('should remove tokens expired longer ago than their kind keeps them, counted per day, kind and policy', async () => {
    const t = defaults;
    const day1 = Date.UTC(2026, 0, 10, 8);
    const day2 = Date.UTC(2026, 0, 11, 8);
    t.clock.set(Date.UTC(2026, 2, 1));
    const old = 31 * 86_400;
    await insert(t, { expiredAgoS: old, createdAt: day1, policy: 'pol-a' });
    await insert(t, { expiredAgoS: old, createdAt: day1 + 1000, policy: 'pol-a' });
    await insert(t, { expiredAgoS: old, createdAt: day2, policy: 'pol-a' });
    const recentViewer = await insert(t, { expiredAgoS: 29 * 86_400 });
    const staffKept = await insert(t, { kind: 'staff', expiredAgoS: old });
    await insert(t, { kind: 'staff', expiredAgoS: 366 * 86_400, createdAt: day1 });

    expect(await applyRetention(retentionDeps(t.app), { pauseMs: 0 })).toEqual({
      viewer: 3,
      staff: 1,
    });
    expect(await remaining(t)).toEqual([recentViewer, staffKept].sort());
    expect(await daily(t)).toEqual([
      { day: '2026-01-10', kind: 'staff', policy_id: '', tokens: 1 },
      { day: '2026-01-10', kind: 'viewer', policy_id: 'pol-a', tokens: 2 },
      { day: '2026-01-11', kind: 'viewer', policy_id: 'pol-a', tokens: 1 },
    ]);
    const targets = await t.app.db.selectFrom('ledger_target').select('ledger_id').execute();
    expect(targets.map((r) => r.ledger_id).sort()).toEqual([recentViewer, staffKept].sort());

    // A second run adds to the same days.
    await insert(t, { expiredAgoS: old, createdAt: day2 + 5, policy: 'pol-a' });
    await applyRetention(retentionDeps(t.app), { pauseMs: 0 });
    expect((await daily(t)).at(-1)).toMatchObject({ day: '2026-01-11', tokens: 2 });
  });

  it('should keep a revocable token while it can be revoked, and one whose revocation or issuing is not settled', async () => {
    const t = short;
    const revocableLater = await insert(t, { expiredAgoS: 23 * HOUR_S, revocable: true });
    await insert(t, { expiredAgoS: 25 * HOUR_S, revocable: true });
    const pending = await insert(t, {
      expiredAgoS: 40 * 86_400,
      revocable: true,
      revocationRequestedAt: t.clock.now() - 40 * DAY_MS,
    });
    const issuing = await insert(t, { expiredAgoS: 40 * 86_400, state: 'issuing' });
    expect(await applyRetention(retentionDeps(t.app), { pauseMs: 0 })).toEqual({
      viewer: 1,
      staff: 0,
    });
    expect(await remaining(t)).toEqual([revocableLater, pending, issuing].sort());
  });

  it('should keep every token of a kind whose period is 0', async () => {
    const t = short;
    const staff = await insert(t, { kind: 'staff', expiredAgoS: 4000 * 86_400 });
    expect(await applyRetention(retentionDeps(t.app), { pauseMs: 0 })).toEqual({
      viewer: 0,
      staff: 0,
    });
    expect(await remaining(t)).toEqual([staff]);
  });

  it('should write one audit entry for a run that removed tokens, and none for one that did not', async () => {
    const t = defaults;
    for (let i = 0; i < 5; i += 1) await insert(t, { expiredAgoS: 90 * 86_400 });
    await applyRetention(retentionDeps(t.app), { pauseMs: 0, batch: 2 });
    await applyRetention(retentionDeps(t.app), { pauseMs: 0, batch: 2 });
    const entries = await t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'ledger.retention')
      .execute();
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]!.details)).toEqual({
      removed: { viewer: 5, staff: 0 },
      retentionDays: { viewer: 30, staff: 365 },
    });
    expect(entries[0]!.actor_id).toBeNull();
  });

  it('should drop a value from the filters once no token names it and none has for two days', async () => {
    const t = defaults;
    await insert(t, { expiredAgoS: 90 * 86_400, tag: 'Gone-Event', user: 'gone-user' });
    await insert(t, { expiredAgoS: 90 * 86_400, tag: 'Kept-Event' });
    const kept = await insert(t, { expiredAgoS: 3600, tag: 'Kept-Event' });
    // The values were last written now: too recent to drop yet.
    t.clock.advance(3 * DAY_MS);
    await applyRetention(retentionDeps(t.app), { pauseMs: 0 });
    const terms = await t.app.db
      .selectFrom('ledger_term')
      .select(['field', 'value'])
      .where('field', 'in', ['tag', 'user'])
      .orderBy('value')
      .execute();
    expect(terms).toEqual([{ field: 'tag', value: 'Kept-Event' }]);
    const admin = await staffClient(t.app, 'admin');
    const page = (await admin.get('/api/tokens?tag=event')).json<TokenList>();
    expect(page.items.map((item) => item.id)).toEqual([kept]);
  });

  // SQLite has one connection: a single long transaction would hold every request behind it.
  it.skipIf(onPostgres)(
    'should answer requests while it runs, one small transaction at a time',
    async () => {
      const t = defaults;
      const rows = Array.from({ length: 400 }, () => insert(t, { expiredAgoS: 90 * 86_400 }));
      await Promise.all(rows);
      const admin = await staffClient(t.app, 'admin');
      let finished = false;
      const run = applyRetention(retentionDeps(t.app), { batch: 50, pauseMs: 20 }).then(
        (result) => {
          finished = true;
          return result;
        },
      );
      const answer = await admin.get('/api/tokens?pageSize=1');
      expect(answer.statusCode).toBe(200);
      expect(finished).toBe(false);
      expect(await run).toEqual({ viewer: 400, staff: 0 });
    },
  );
});
