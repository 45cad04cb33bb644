import type { InsightKind, Insights, KindCounts } from '@ptd/contracts';
import type { LedgerInsights } from '../../db/repositories/ledger-insights.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const HOURS = 48;
const DAYS = 30;
const TOP_TARGETS = 8;
/** Active tokens whose targets are counted: the newest this many (see activeByTarget). */
export const TARGET_SAMPLE = 5_000;

const zero = (): KindCounts => ({ staff: 0, bulk: 0, viewer: 0 });
const iso = (ms: number) => new Date(ms).toISOString();
const asKind = (kind: string): InsightKind =>
  kind === 'viewer' || kind === 'bulk' ? kind : 'staff';

/**
 * The event overview at `nowMs`: every series has all its buckets (zeros included, UTC),
 * oldest first, so the page draws what it gets.
 */
export async function eventOverview(
  insights: LedgerInsights,
  nowMs: number,
  minutes: number,
  targetSample = TARGET_SAMPLE,
): Promise<Insights> {
  const nowS = Math.floor(nowMs / 1000);
  const thisHour = nowMs - (nowMs % HOUR_MS);
  const today = nowMs - (nowMs % DAY_MS);
  const thisMinute = nowMs - (nowMs % MINUTE_MS);
  const firstDay = today - (DAYS - 1) * DAY_MS;
  const firstHour = thisHour - (HOURS - 1) * HOUR_MS;
  const firstMinute = thisMinute - (minutes - 1) * MINUTE_MS;

  const [hourRows, minuteRows, activeTotal, targets, expiring] = await Promise.all([
    insights.hourly(Math.min(firstDay, firstHour)),
    insights.viewerMinutes(firstMinute),
    insights.activeTotal(nowS),
    insights.activeByTarget(nowS, TOP_TARGETS, targetSample),
    insights.expiringByHour(nowS, nowS + 86_400),
  ]);

  const hourly = Array.from({ length: HOURS }, (_, i) => ({
    at: iso(firstHour + i * HOUR_MS),
    counts: zero(),
  }));
  const daily = Array.from({ length: DAYS }, (_, i) => ({
    day: iso(firstDay + i * DAY_MS).slice(0, 10),
    counts: zero(),
  }));
  for (const row of hourRows) {
    const kind = asKind(row.kind);
    const hour = hourly[(row.bucket - firstHour) / HOUR_MS];
    if (hour) hour.counts[kind] += row.tokens;
    const day = daily[Math.floor((row.bucket - firstDay) / DAY_MS)];
    if (day) day.counts[kind] += row.tokens;
  }

  // Every hour from this one to the one 24 hours ahead (25), zeros included: a chart of
  // only the hours that have tokens would put tomorrow's 19:00 right beside today's 20:00.
  const expiringHours = Array.from({ length: 25 }, (_, i) => ({
    at: iso(thisHour + i * HOUR_MS),
    tokens: 0,
  }));
  for (const hour of expiring) {
    const bucket = expiringHours[(hour.hour * 1000 - thisHour) / HOUR_MS];
    if (bucket) bucket.tokens += hour.tokens;
  }

  const perPolicy = new Map<string, number[]>();
  for (const row of minuteRows) {
    const counts = perPolicy.get(row.policyId) ?? new Array<number>(minutes).fill(0);
    const index = (row.bucket - firstMinute) / MINUTE_MS;
    if (index >= 0 && index < minutes) counts[index] = (counts[index] ?? 0) + row.tokens;
    perPolicy.set(row.policyId, counts);
  }
  const names = await insights.policyNames([...perPolicy.keys()].filter(Boolean));
  const policies = [...perPolicy.entries()]
    .map(([policyId, counts]) => ({
      policyId,
      name: names.get(policyId) ?? null,
      counts,
      total: counts.reduce((sum, n) => sum + n, 0),
    }))
    .filter((policy) => policy.total > 0)
    .sort((a, b) => b.total - a.total || a.policyId.localeCompare(b.policyId));

  return {
    generatedAt: iso(nowMs),
    hourly,
    daily,
    live: {
      minutes: Array.from({ length: minutes }, (_, i) => iso(firstMinute + i * MINUTE_MS)),
      policies,
    },
    active: {
      total: activeTotal,
      sampled: activeTotal > targetSample ? targetSample : null,
      targets: targets.map((target) => ({
        type: target.value === '*' ? 'organisation' : target.group ? 'group' : 'stream',
        value: target.value,
        tokens: target.tokens,
      })),
    },
    expiring: {
      total: expiring.reduce((sum, hour) => sum + hour.tokens, 0),
      hourly: expiringHours,
    },
  };
}
