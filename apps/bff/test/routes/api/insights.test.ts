import type { Insights } from '@ptd/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LedgerInsert } from '../../../src/db/repositories/ledger.ts';
import { eventOverview } from '../../../src/services/insights/overview.ts';
import { Client, staffClient } from '../../helpers/client.ts';
import { createPolicy, requestToken } from '../../helpers/policies.ts';
import { createToken } from '../../helpers/tokens.ts';
import { useTestApp, useTestUpstream } from '../../helpers/fixture.ts';
import { ledgerRowAt } from '../../helpers/ledger-rows.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;

const upstream = useTestUpstream();

const overview = async (client: Client, query = '') => {
  const response = await client.get(`/api/insights${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Insights>();
};

describe('tokens created through the API', () => {
  const {
    t,
    clients: { editor, viewer },
  } = useTestApp({ upstream, clients: { editor: 'editor', viewer: 'viewer' } });
  let policyId: string;
  beforeAll(async () => {
    policyId = (await createPolicy(editor, { name: 'Shop viewers', lifetimeMinutes: 60 })).id;
    await createToken(editor, { expiresAt: new Date(Date.now() + 2 * HOUR).toISOString() });
    await createToken(editor, {
      target: { type: 'group', groupId: 'a1000000-0000-4000-8000-000000000002' },
      expiresAt: new Date(Date.now() + 48 * HOUR).toISOString(),
    });
    for (let i = 0; i < 3; i += 1) {
      const response = await requestToken(t.app, { policy: policyId });
      expect(response.statusCode, response.body).toBe(200);
    }
  });

  it('should count them in the current hour, day and minute by kind, for any role', async () => {
    const body = await overview(viewer);
    expect(body.hourly).toHaveLength(48);
    expect(body.daily).toHaveLength(30);
    expect(body.hourly.at(-1)?.counts).toEqual({ staff: 2, bulk: 0, viewer: 3 });
    expect(body.hourly.slice(0, -1).every((h) => h.counts.staff + h.counts.viewer === 0)).toBe(
      true,
    );
    expect(body.daily.at(-1)?.counts).toEqual({ staff: 2, bulk: 0, viewer: 3 });
    expect(body.daily.at(-1)?.day).toBe(new Date(t.app.now()).toISOString().slice(0, 10));
    expect(body.live.minutes).toHaveLength(120);
    expect(body.live.policies).toEqual([
      expect.objectContaining({ policyId, name: 'Shop viewers', total: 3 }),
    ]);
    expect(body.live.policies[0]?.counts.at(-1)).toBe(3);
  });

  it('should list active tokens by target and those expiring within 24 hours', async () => {
    const body = await overview(editor);
    expect(body.active.total).toBe(5);
    // The policy's group and the staff group token are one target.
    expect(body.active.targets).toEqual([
      { type: 'group', value: 'a1000000-0000-4000-8000-000000000001', tokens: 3 },
      { type: 'stream', value: 'DmEvt-CupFn', tokens: 1 },
      { type: 'group', value: 'a1000000-0000-4000-8000-000000000002', tokens: 1 },
    ]);
    expect(body.expiring.total).toBe(4);
    expect(body.expiring.hourly.reduce((sum, h) => sum + h.tokens, 0)).toBe(4);
  });

  it('should refuse a caller without a session and a window out of range, naming it', async () => {
    expect((await new Client(t.app).get('/api/insights')).statusCode).toBe(401);
    const response = await viewer.get('/api/insights?minutes=100000');
    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message).toMatch(/minutes/);
  });
});

describe('seeded rows at known times', () => {
  const NOW = Date.UTC(2026, 10, 30, 12, 34, 56);
  const { t } = useTestApp({ upstream });
  let admin: Client;
  let n = 0;
  const row = (createdAt: number, extra: Partial<LedgerInsert> = {}): LedgerInsert => {
    n += 1;
    return ledgerRowAt(`00000000-0000-7000-8000-${String(n).padStart(12, '0')}`, createdAt, {
      jti: `jti-${n}`,
      target: JSON.stringify({ type: 'streams', streams: ['DmEvt-Cncrt'] }),
      ...extra,
    });
  };
  const insert = (value: LedgerInsert) =>
    t.app.repos.ledger.insert(value, JSON.parse(value.target as string));

  beforeAll(async () => {
    t.clock.set(NOW);
    admin = await staffClient(t.app, 'admin');
  });

  it('should answer an empty ledger with every bucket at zero', async () => {
    const body = await overview(admin, '?minutes=30');
    expect(body.generatedAt.slice(0, 19)).toBe('2026-11-30T12:34:56');
    expect(body.hourly[0]?.at).toBe('2026-11-28T13:00:00.000Z');
    expect(body.hourly.at(-1)?.at).toBe('2026-11-30T12:00:00.000Z');
    expect(body.daily[0]?.day).toBe('2026-11-01');
    expect(body.daily.at(-1)?.day).toBe('2026-11-30');
    expect(body.live.minutes).toHaveLength(30);
    expect(body.live.minutes.at(-1)).toBe('2026-11-30T12:34:00.000Z');
    expect(body.live.policies).toEqual([]);
    expect(body.active).toEqual({ total: 0, sampled: null, targets: [] });
    // Every hour from this one to the one 24 hours ahead, so that no hour is left out.
    expect(body.expiring.total).toBe(0);
    expect(body.expiring.hourly).toHaveLength(25);
    expect(body.expiring.hourly[0]).toEqual({ at: '2026-11-30T12:00:00.000Z', tokens: 0 });
    expect(body.expiring.hourly.at(-1)).toEqual({ at: '2026-12-01T12:00:00.000Z', tokens: 0 });
    const all = [...body.hourly, ...body.daily].map((b) => b.counts);
    expect(all.every((c) => c.staff === 0 && c.bulk === 0 && c.viewer === 0)).toBe(true);
  });

  it('should put each row into its UTC hour, day and minute exactly', async () => {
    const policy = await createPolicy(admin, { name: 'App viewers' });
    const viewerRow = (at: number) => row(at, { kind: 'viewer', policy_id: policy.id });
    await insert(row(NOW - 10 * MINUTE)); // 12:24, this hour
    await insert(row(Date.UTC(2026, 10, 30, 11, 59, 59))); // the hour before
    await insert(row(Date.UTC(2026, 10, 28, 13, 0, 0))); // the first hour shown
    await insert(row(Date.UTC(2026, 10, 28, 12, 59, 59))); // before it: days only
    await insert(row(Date.UTC(2026, 10, 1, 0, 0, 0))); // the first day
    await insert(row(Date.UTC(2026, 9, 31, 23, 59, 59))); // too old for any chart
    await insert(viewerRow(NOW - 1000)); // 12:34
    await insert(viewerRow(NOW - 1000));
    await insert(viewerRow(Date.UTC(2026, 10, 30, 12, 5, 30))); // 29 minutes before 12:34
    await insert(viewerRow(Date.UTC(2026, 10, 30, 12, 4, 59))); // outside 30 minutes

    const body = await overview(admin, '?minutes=30');
    const hour = (iso: string) => body.hourly.find((h) => h.at === iso)?.counts;
    expect(hour('2026-11-30T12:00:00.000Z')).toEqual({ staff: 1, bulk: 0, viewer: 4 });
    expect(hour('2026-11-30T11:00:00.000Z')).toEqual({ staff: 1, bulk: 0, viewer: 0 });
    expect(hour('2026-11-28T13:00:00.000Z')).toEqual({ staff: 1, bulk: 0, viewer: 0 });
    const perHour = body.hourly.reduce((sum, h) => sum + h.counts.staff + h.counts.viewer, 0);
    expect(perHour).toBe(7);
    const day = (d: string) => body.daily.find((b) => b.day === d)?.counts;
    expect(day('2026-11-30')).toEqual({ staff: 2, bulk: 0, viewer: 4 });
    expect(day('2026-11-28')).toEqual({ staff: 2, bulk: 0, viewer: 0 });
    expect(day('2026-11-01')).toEqual({ staff: 1, bulk: 0, viewer: 0 });
    const perDay = body.daily.reduce((sum, d) => sum + d.counts.staff + d.counts.viewer, 0);
    expect(perDay).toBe(9);

    const [live] = body.live.policies;
    expect(live).toMatchObject({ policyId: policy.id, name: 'App viewers', total: 3 });
    expect(live?.counts[0]).toBe(1);
    expect(live?.counts.at(-1)).toBe(2);
    // Tokens of an hour: active now are those created since 11:34:56.
    expect(body.active.total).toBe(6);
    expect(body.active.targets).toEqual([{ type: 'stream', value: 'DmEvt-Cncrt', tokens: 6 }]);
    expect(body.expiring.hourly.slice(0, 3)).toEqual([
      { at: '2026-11-30T12:00:00.000Z', tokens: 1 },
      { at: '2026-11-30T13:00:00.000Z', tokens: 5 },
      { at: '2026-11-30T14:00:00.000Z', tokens: 0 },
    ]);
    expect(body.expiring.hourly).toHaveLength(25);
  });

  it('should count targets over the newest active tokens only, and say so', async () => {
    await insert(row(NOW - 500, { target: JSON.stringify({ type: 'organisation' }) }));
    const all = await eventOverview(t.app.repos.ledger.insights, t.app.now(), 30);
    expect(all.active.sampled).toBeNull();
    expect(all.active.targets.map((x) => [x.value, x.tokens])).toEqual([
      ['DmEvt-Cncrt', 6],
      ['*', 1],
    ]);
    const newest = await eventOverview(t.app.repos.ledger.insights, t.app.now(), 30, 2);
    expect(newest.active.total).toBe(7);
    expect(newest.active.sampled).toBe(2);
    expect(newest.active.targets).toEqual([
      { type: 'organisation', value: '*', tokens: 1 },
      { type: 'stream', value: 'DmEvt-Cncrt', tokens: 1 },
    ]);
  });

  it('should not count an attempt the token service refused', async () => {
    const before = await overview(admin, '?minutes=30');
    const attempt = row(NOW - 2000, { state: 'issuing' });
    await insert(attempt);
    expect((await overview(admin, '?minutes=30')).hourly.at(-1)?.counts.staff).toBe(
      (before.hourly.at(-1)?.counts.staff ?? 0) + 1,
    );
    expect(await t.app.repos.ledger.attempts.discard(attempt.id as string)).toBe(true);
    expect((await overview(admin, '?minutes=30')).hourly).toEqual(before.hourly);
  });

  it('should show the hours between expiries as empty, not leave them out', async () => {
    // Expiring at 12:50 today and 12:10 tomorrow: two bars a day apart, not side by side.
    await insert(row(NOW - 10 * MINUTE, { expires_at: Math.floor((NOW + 23.5 * HOUR) / 1000) }));
    const body = await overview(admin, '?minutes=30');
    const hours = body.expiring.hourly.map((h) => h.at);
    expect(hours).toHaveLength(25);
    expect(new Set(hours).size).toBe(25);
    expect(hours.every((at, i) => Date.parse(at) === Date.parse(hours[0]!) + i * HOUR)).toBe(true);
    expect(body.expiring.hourly.at(-1)).toEqual({ at: '2026-12-01T12:00:00.000Z', tokens: 1 });
    expect(body.expiring.hourly.slice(2, -1).every((h) => h.tokens === 0)).toBe(true);
  });
});
