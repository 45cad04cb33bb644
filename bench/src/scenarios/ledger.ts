import { request } from 'undici';
import { refreshSessions, type Bff, type StaffSession } from '../lib/bff.ts';
import { SEED_GROUPS, SEED_POLICIES } from '../lib/seed-ledger.ts';
import { summarize, type Summary } from '../lib/stats.ts';

/** The overview's first page as the SPA asks for it (25 rows, newest first). */
export const OVERVIEW_DEFAULTS = { pageSize: '25', sort: 'createdAt', order: 'desc' };

export interface OverviewCase {
  name: string;
  filters: Record<string, string>;
  /** Follow the first answer's `nextCursor` and measure that page instead. */
  nextPage?: boolean;
}

export interface OverviewResult {
  name: string;
  query: string;
  /** `total` of the answer ("10000+" when capped). */
  matches: string;
  /** The BFF's own time per answer (its Server-Timing header). */
  server: Summary;
  /** Request to last byte, as the bench saw it. */
  wall: Summary;
}

/**
 * Every filter of the overview, as staff type them: each status, exact and partial values in
 * any case, values with many matches and with few, a stream found through its group, the
 * creator by part of a name, combinations, expiry order and a second page.
 */
export function overviewCases(): OverviewCase[] {
  const statuses = [
    'active',
    'scheduled',
    'expired',
    'revoked',
    'revocation-pending',
    'never-delivered',
    'issuing',
  ];
  return [
    { name: 'unfiltered', filters: {} },
    { name: 'unfiltered, 2nd page', filters: {}, nextPage: true },
    { name: 'unfiltered, by expiry', filters: { sort: 'expiresAt', order: 'asc' } },
    ...statuses.map((status) => ({ name: `status=${status}`, filters: { status } })),
    { name: 'tag=vip (hot)', filters: { tag: 'vip' } },
    { name: 'tag=VI (part, any case)', filters: { tag: 'VI' } },
    { name: 'tag=event-29 (10 tags)', filters: { tag: 'event-29' } },
    { name: 'tag=event-299 (rare)', filters: { tag: 'event-299' } },
    { name: 'tag=e (294 tags)', filters: { tag: 'e' } },
    { name: 'tag=nothing', filters: { tag: 'no-such-tag' } },
    { name: 'user=viewer-1234 (11 users)', filters: { user: 'viewer-1234' } },
    { name: 'user=VIEWER-12 (1,111 users)', filters: { user: 'VIEWER-12' } },
    { name: 'user=99 (few rows, many users)', filters: { user: '99' } },
    { name: 'user=vi (every user)', filters: { user: 'vi' } },
    { name: 'stream=DmEvt-Drby1', filters: { stream: 'DmEvt-Drby1' } },
    { name: 'stream=press (part)', filters: { stream: 'press' } },
    { name: 'stream=cn480 (via its group)', filters: { stream: 'cn480' } },
    { name: 'stream=<group id>', filters: { stream: SEED_GROUPS[1] as string } },
    { name: 'stream=dmevt (every stream)', filters: { stream: 'dmevt' } },
    { name: 'targetType=organisation', filters: { targetType: 'organisation' } },
    { name: 'targetType=group', filters: { targetType: 'group' } },
    { name: 'targetType=streams,group', filters: { targetType: 'streams,group' } },
    {
      name: 'active + targetType=organisation',
      filters: { status: 'active', targetType: 'organisation' },
    },
    {
      name: 'stream=DmEvt-Drby1 + targetType=streams',
      filters: { stream: 'DmEvt-Drby1', targetType: 'streams' },
    },
    { name: 'createdBy=seed-staff-3', filters: { createdBy: 'seed-staff-3' } },
    { name: 'createdBy=Seed staff (7)', filters: { createdBy: 'Seed staff' } },
    { name: `policy=${SEED_POLICIES[1]}`, filters: { policy: SEED_POLICIES[1] as string } },
    { name: 'active + tag=vip', filters: { status: 'active', tag: 'vip' } },
    { name: 'expired + stream=cupfn', filters: { status: 'expired', stream: 'cupfn' } },
    { name: 'tag=vip + user=viewer-1', filters: { tag: 'vip', user: 'viewer-1' } },
    // A hot tag has one value, 11 viewers have eleven: the viewers' few rows must lead.
    {
      name: 'tag=vip + user=viewer-1234 (11 users)',
      filters: { tag: 'vip', user: 'viewer-1234' },
    },
    { name: 'tag=vip, by expiry', filters: { tag: 'vip', sort: 'expiresAt', order: 'desc' } },
  ];
}

/**
 * The cases whose name contains one of `spec`'s parts (`;`-separated, any case), e.g.
 * `tag=vip + user;status=active`; every case without it.
 */
export function selectCases(cases: OverviewCase[], spec: string | undefined): OverviewCase[] {
  const parts = (spec ?? '')
    .split(';')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part !== '');
  if (parts.length === 0) return cases;
  const chosen = cases.filter((c) => parts.some((part) => c.name.toLowerCase().includes(part)));
  if (chosen.length === 0) throw new Error(`BENCH_FILTERS: no overview filter matches "${spec}"`);
  return chosen;
}

const serverMs = (header: string | string[] | undefined) => {
  const match = /dur=([\d.]+)/.exec(String(header ?? ''));
  if (!match) throw new Error(`GET /api/tokens: no Server-Timing in the answer`);
  return Number(match[1]);
};

/** `runs` sequential GETs (after a few warm-ups) of /api/tokens per case. */
export async function measureOverview(
  bff: Bff,
  session: StaffSession,
  cases: OverviewCase[],
  runs = 100,
): Promise<OverviewResult[]> {
  const results: OverviewResult[] = [];
  const headers = () => ({ cookie: session.cookie, accept: 'application/json' });
  for (const c of cases) {
    // As a browser would keep the re-issued cookie (see LoadSpec.refresh).
    await refreshSessions(bff.url, [session]);
    let params = new URLSearchParams({ ...OVERVIEW_DEFAULTS, ...c.filters });
    if (c.nextPage) {
      const first = await request(`${bff.url}/api/tokens?${params}`, { headers: headers() });
      const body = (await first.body.json()) as { nextCursor: string };
      params = new URLSearchParams({ ...Object.fromEntries(params), cursor: body.nextCursor });
    }
    const query = params.toString();
    const url = `${bff.url}/api/tokens?${query}`;
    const wall: number[] = [];
    const server: number[] = [];
    let matches = '';
    for (let i = 0; i < runs + 5; i += 1) {
      const started = performance.now();
      const answer = await request(url, { headers: headers() });
      const body = await answer.body.text();
      const ms = performance.now() - started;
      if (answer.statusCode !== 200) {
        throw new Error(`GET /api/tokens?${query}: HTTP ${answer.statusCode} ${body}`);
      }
      if (i === 0) {
        const { total, totalCapped } = JSON.parse(body) as { total: number; totalCapped: boolean };
        matches = `${total}${totalCapped ? '+' : ''}`;
      }
      if (i >= 5) {
        wall.push(ms);
        server.push(serverMs(answer.headers['server-timing']));
      }
    }
    results.push({
      name: c.name,
      query,
      matches,
      server: summarize(server),
      wall: summarize(wall),
    });
  }
  return results;
}
