import type { Insights } from '@ptd/contracts';

const NOW = Date.UTC(2026, 10, 30, 12, 34, 0);
const HOUR = 3_600_000;
const MINUTE = 60_000;
const zero = { staff: 0, bulk: 0, viewer: 0 };

/** An event overview with nothing in it: every bucket at zero. */
export function emptyInsights(): Insights {
  return {
    generatedAt: new Date(NOW).toISOString(),
    hourly: Array.from({ length: 48 }, (_, i) => ({
      at: new Date(NOW - (NOW % HOUR) - (47 - i) * HOUR).toISOString(),
      counts: { ...zero },
    })),
    daily: Array.from({ length: 30 }, (_, i) => ({
      day: new Date(NOW - (29 - i) * 86_400_000).toISOString().slice(0, 10),
      counts: { ...zero },
    })),
    live: {
      minutes: Array.from({ length: 120 }, (_, i) =>
        new Date(NOW - (119 - i) * MINUTE).toISOString(),
      ),
      policies: [],
    },
    active: { total: 0, sampled: null, targets: [] },
    expiring: { total: 0, hourly: [] },
  };
}

/** A live event: staff and viewer tokens, two policies, streams, a group and the organisation. */
export function eventInsights(): Insights {
  const insights = emptyInsights();
  insights.hourly.forEach((h, i) => {
    h.counts = { staff: i % 5, bulk: 0, viewer: i > 40 ? 30 * (i - 40) : 0 };
  });
  insights.daily.at(-1)!.counts = { staff: 40, bulk: 0, viewer: 420 };
  const ramp = (scale: number) => insights.live.minutes.map((_, i) => Math.round(i * scale) % 50);
  insights.live.policies = [
    { policyId: 'pol-web', name: 'Cup final website', counts: ramp(0.4), total: 0 },
    { policyId: 'pol-app', name: null, counts: ramp(0.1), total: 0 },
  ].map((p) => ({ ...p, total: p.counts.reduce((a, b) => a + b, 0) }));
  insights.active = {
    total: 512,
    sampled: null,
    targets: [
      { type: 'group', value: 'a1000000-0000-4000-8000-000000000002', tokens: 300 },
      { type: 'stream', value: 'DmEvt-CupFn', tokens: 150 },
      { type: 'organisation', value: '*', tokens: 12 },
    ],
  };
  insights.expiring = {
    total: 90,
    hourly: [
      { at: new Date(NOW - (NOW % HOUR) + HOUR).toISOString(), tokens: 60 },
      { at: new Date(NOW - (NOW % HOUR) + 5 * HOUR).toISOString(), tokens: 30 },
    ],
  };
  return insights;
}
