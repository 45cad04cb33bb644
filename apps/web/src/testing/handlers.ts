import type { Stream } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { sampleStreams, sessionFor, streamPage } from './fixtures.ts';
import { samplePolicies } from './policy-fixtures.ts';
import { emptyInsights } from './insight-fixtures.ts';

/**
 * The BFF's stream routes over a fixed list: state, tag and name search filters, paging, and
 * 404 for unknown ids. `requests` collects every list request's URL for assertions.
 */
export function streamHandlers(streams: Stream[] = sampleStreams(), requests: URL[] = []) {
  return [
    http.get('/api/streams', ({ request }) => {
      const url = new URL(request.url);
      requests.push(url);
      const state = url.searchParams.get('state');
      const tag = url.searchParams.get('tag');
      const search = url.searchParams.get('search')?.toLowerCase();
      const page = Number(url.searchParams.get('page') ?? 1);
      const pageSize = Number(url.searchParams.get('pageSize') ?? 25);
      const matches = streams.filter(
        (s) =>
          (!state || s.state === state) &&
          (!tag || s.tags.includes(tag)) &&
          (!search || s.name.toLowerCase().includes(search) || s.id.toLowerCase() === search),
      );
      const items = matches.slice((page - 1) * pageSize, page * pageSize);
      return HttpResponse.json(streamPage(items, page, pageSize, matches.length));
    }),
    http.get('/api/streams/:id', ({ params }) => {
      const stream = streams.find((s) => s.id === params.id);
      return stream
        ? HttpResponse.json(stream)
        : HttpResponse.json({ code: 'not-found', message: 'No such stream.' }, { status: 404 });
    }),
  ];
}

/** Stream groups by name: none known unless a test serves them. */
const unknownStreamGroups = http.get('/api/stream-groups', ({ request }) => {
  const ids = (new URL(request.url).searchParams.get('ids') ?? '').split(',');
  return HttpResponse.json({ items: ids.map((groupId) => ({ groupId, name: null, streams: [] })) });
});

/** Defaults every test starts from: an admin is signed in. Override per test with server.use. */
export const defaultHandlers = [
  http.get('/api/session', () => HttpResponse.json(sessionFor('admin'))),
  http.get('/api/session/options', () => HttpResponse.json({ password: true, sso: null })),
  unknownStreamGroups,
  http.get('/api/policies', () => HttpResponse.json(samplePolicies())),
  http.get('/api/insights', () => HttpResponse.json(emptyInsights())),
  // Create in bulk lists recent batches: none unless a test serves them.
  http.get('/api/token-batches', () =>
    HttpResponse.json({ items: [], pageSize: 10, nextCursor: null }),
  ),
  ...streamHandlers(),
];
