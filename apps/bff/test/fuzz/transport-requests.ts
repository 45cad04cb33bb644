import fc from 'fast-check';
import type { RouteSpec } from './routes.ts';
import type { Base, TransportCase } from './transport-cases.ts';

const bytes = (text: string) => Buffer.from(text, 'latin1');

/** Dot segments, plain and encoded: a path parameter that a URL parser would resolve away. */
const DOT_TRICKS = [
  '%2e%2e',
  '..',
  '.',
  '%2e',
  '%2E%2e%2F',
  '..%2f..%2fhealthz',
  '%2F..%2F..%2Forganisation',
];
const PATH_TRICKS = [
  '%00',
  '%c0%ae%c0%ae',
  '%c0%af',
  '%ff',
  '%',
  '%zz',
  '%252e%252e',
  'a%2fb',
  '%5c..%5c',
  'x'.repeat(3000),
  '%e2%80%ae',
  '%0d%0aX-Injected:%20yes',
  ';x=1',
  '..;',
  '%20',
];
/** Odd shapes of a route's path; `true`: the router still finds the same route. */
const SHAPE_TRICKS: Array<[(p: string) => string, boolean]> = [
  [(p) => p.replace('/api/', '/api//'), false],
  [(p) => `/${p}`, false],
  [(p) => `${p}/`, false],
  [(p) => p.toUpperCase(), false],
  [(p) => p.replace('/api/', '/api/./'), false],
  [(p) => p.replace('/api/', '/api/x/../'), false],
  [(p) => `http://attacker.example${p}`, true],
  [(p) => p.replace(/\//g, '\\'), false],
  [(p) => p.slice(1), false],
  [(p) => `${p}#frag`, true],
  [(p) => `${p}%00`, false],
  [(p) => `${p}\u0000`, false],
  [(p) => `${p}?\u00e9=\u00ff`, true],
];
const QUERIES = [
  Array.from({ length: 5000 }, (_, i) => `p${i}=${i}`).join('&'),
  `${'a'.repeat(100)}[b]`.repeat(50),
  '__proto__[role]=admin&constructor[prototype][isAdmin]=1',
  'page=1e309&pageSize=-0',
  'page=1&page=2&pageSize=1&pageSize=100',
  'page[]=1&pageSize[a]=2',
  '%',
  '%zz=1',
  'status=%00',
  'tag=%c0%ae',
  `search=${'x'.repeat(12000)}`,
  '&&&==&=',
  'page=9007199254740993',
];

/** Requests shaped wrongly: path tricks, odd paths, absurd queries, bad headers and lines. */
export function requestCases(routes: RouteSpec[], base: Base) {
  const withParam = routes.filter((r) => r.path.includes(':'));
  const trick = fc.oneof(fc.constantFrom(...DOT_TRICKS), fc.constantFrom(...PATH_TRICKS));
  const paths = fc
    .tuple(base, fc.constantFrom(...withParam), trick)
    .map(([b, route, trick]): TransportCase => ({
      ...b,
      category: 'path',
      route,
      method: route.method,
      target: route.path.replace(/:\w+/, trick),
      headers: [],
      body: Buffer.alloc(0),
    }));
  const shapes = fc
    .tuple(base, fc.constantFrom(...routes), fc.constantFrom(...SHAPE_TRICKS))
    .map(([b, route, [trick, sameRoute]]): TransportCase => {
      const path = route.path.replace(/:\w+/g, 'x');
      const target = trick(path);
      // A trick that leaves this path as it is (`/api//` on /healthz) still aims at the route.
      return {
        ...b,
        category: 'path-shape',
        ...(sameRoute || target === path ? { route } : {}),
        method: route.method,
        target,
        headers: [],
        body: Buffer.alloc(0),
      };
    });
  const queries = fc
    .tuple(
      base,
      fc.constantFrom(...routes.filter((r) => r.method === 'GET')),
      fc.constantFrom(...QUERIES),
    )
    .map(([b, route, query]): TransportCase => ({
      ...b,
      category: 'query',
      route,
      method: 'GET',
      target: `${route.path.replace(/:\w+/g, 'x')}?${query}`,
      headers: [],
      body: Buffer.alloc(0),
    }));
  const headerCases = fc.tuple(base, fc.constantFrom(...routes)).chain(([b, route]) =>
    fc
      .constantFrom<string[]>(
        ['x-test: a\rb'],
        ['x-test: a\nb'],
        ['x-test: a\u0000b'],
        ['x-test: ok', ' folded continuation'],
        ['bad header: x'],
        ['x-csrf-token: a', 'x-csrf-token: b'],
        ['host: a', 'host: b'],
        ['origin: https://attacker.example\r\nx-csrf-token: injected'],
        ['cookie: ' + 'a=b; '.repeat(4000)],
        Array.from({ length: 2100 }, (_, i) => `x-h${i}: ${i}`),
        ['x-long: ' + 'v'.repeat(20_000)],
        ['transfer-encoding: chunked\r\ntransfer-encoding: identity'],
        ['expect: 100-continue'],
        ['upgrade: websocket', 'connection: upgrade'],
        ['x-forwarded-for: 1.2.3.4, <script>'],
      )
      .map((headers): TransportCase => ({
        ...b,
        category: 'header',
        route,
        method: route.method,
        target: route.path.replace(/:\w+/g, 'x'),
        headers,
        body: Buffer.alloc(0),
      })),
  );
  const lines = fc
    .tuple(
      base,
      fc.constantFrom(
        'get /api/session HTTP/1.1',
        'FOO /api/session HTTP/1.1',
        'TRACE /api/session HTTP/1.1',
        'CONNECT 127.0.0.1:1 HTTP/1.1',
        'OPTIONS * HTTP/1.1',
        'PROPFIND /api/tokens HTTP/1.1',
        'GET /api/session HTTP/1.0',
        'GET /api/session HTTP/2.0',
        'GET /api/session HTTP/9.9',
        'GET /api/session',
        'GARBAGE',
        'GET  /api/session  HTTP/1.1',
        'GET /api/session HTTP/1.1 extra',
      ),
    )
    .map(([b, line]): TransportCase => ({
      ...b,
      category: 'request-line',
      method: line.split(' ')[0] ?? '',
      target: '',
      headers: [],
      body: Buffer.alloc(0),
      raw: bytes(`${line}\r\n`),
      // Node hands CONNECT to a 'connect' listener and, with none, closes: no route is reached.
      cut: line.startsWith('CONNECT'),
    }));
  return { paths, others: [shapes, queries, headerCases, lines] };
}
