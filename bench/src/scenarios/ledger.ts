import { request } from 'undici';
import { refreshSessions, type Bff, type StaffSession } from '../lib/bff.ts';
import { summarize, type Summary } from '../lib/stats.ts';

/** The overview's first page as the SPA asks for it (its defaults: page 1, 25, newest first). */
export const OVERVIEW_DEFAULTS = { page: '1', pageSize: '25', sort: 'createdAt', order: 'desc' };

export interface OverviewCase {
  name: string;
  filters: Record<string, string>;
}

export interface OverviewResult extends Summary {
  name: string;
  query: string;
  /** `total` of the answer: how many rows the filter matches. */
  matches: number;
}

/** `runs` sequential GETs (after a few warm-ups) of /api/tokens; wall time per answer. */
export async function measureOverview(
  bff: Bff,
  session: StaffSession,
  cases: OverviewCase[],
  runs = 200,
): Promise<OverviewResult[]> {
  const results: OverviewResult[] = [];
  for (const c of cases) {
    // As a browser would keep the re-issued cookie (see LoadSpec.refresh).
    await refreshSessions(bff.url, [session]);
    const query = new URLSearchParams({ ...OVERVIEW_DEFAULTS, ...c.filters }).toString();
    const url = `${bff.url}/api/tokens?${query}`;
    const headers = { cookie: session.cookie, accept: 'application/json' };
    const times: number[] = [];
    let matches = 0;
    for (let i = 0; i < runs + 10; i += 1) {
      const started = performance.now();
      const answer = await request(url, { headers });
      const body = await answer.body.text();
      const ms = performance.now() - started;
      if (answer.statusCode !== 200) {
        throw new Error(`GET /api/tokens?${query}: HTTP ${answer.statusCode} ${body}`);
      }
      if (i === 0) matches = (JSON.parse(body) as { total: number }).total;
      if (i >= 10) times.push(ms);
    }
    results.push({ name: c.name, query, matches, ...summarize(times) });
  }
  return results;
}
