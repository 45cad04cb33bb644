import fc from 'fast-check';
import { schemaArbitrary } from './json-schema-arbitrary.ts';
import type { RouteSpec } from './routes.ts';
import type { Base, TransportCase } from './transport-cases.ts';

const bytes = (text: string) => Buffer.from(text, 'latin1');

const json = (value: unknown) => ({ json: value });

function bodyFor(route: RouteSpec | undefined) {
  const schema = route?.operation?.requestBody?.content?.['application/json']?.schema;
  return schema ? schemaArbitrary(schema) : fc.constant({});
}

/** Bodies framed wrongly: broken JSON, odd content types, too big, bad lengths, bad chunks. */
export function bodyCases(routes: RouteSpec[], base: Base): Array<fc.Arbitrary<TransportCase>> {
  const withBody = routes.filter((r) => r.operation?.requestBody);
  const post = (category: string, make: (body: unknown) => Partial<TransportCase>) =>
    fc.tuple(base, fc.constantFrom(...withBody)).chain(([b, route]) =>
      bodyFor(route).map((body): TransportCase => ({
        ...b,
        category,
        route,
        method: route.method,
        target: route.path.replace(/:\w+/g, 'x'),
        headers: ['content-type: application/json'],
        body: Buffer.alloc(0),
        ...make(body),
      })),
    );
  const malformed = post('malformed-json', () => ({})).chain((c) =>
    fc
      .constantFrom(
        '{',
        '{"a":1',
        '[1,]',
        '\ufeff{}',
        '{"a":1}garbage',
        '\xff\xfe{}',
        'nul\u0000l',
        '['.repeat(20_000),
      )
      .map((text) => ({ ...c, body: bytes(text) })),
  );
  const contentType = post('content-type', (body) => ({ body: json(body) })).chain((c) =>
    fc
      .constantFrom<string[]>(
        [],
        ['content-type: text/plain'],
        ['content-type: application/json', 'content-type: text/plain'],
        ['content-type: application/json;;;'],
        ['content-type: application/json; charset=utf-7'],
        ['content-type: application/x-www-form-urlencoded'],
        ['content-type:'],
        ['content-type: application/json', ' ; obs-fold'],
        ['content-type: multipart/form-data; boundary=--x'],
        ['content-type: */*'],
      )
      .map((headers) => ({ ...c, headers })),
  );
  const oversized = post('oversized', () => ({})).chain((c) =>
    fc.constantFrom(65_537, 200_000, 1_000_000).map((size) => ({
      ...c,
      body: Buffer.from(`{"tag":"${'x'.repeat(size)}"}`),
    })),
  );
  const lengths = post('content-length', (body) => ({ body: json(body) })).chain((c) =>
    fc
      .constantFrom<[string[], boolean]>(
        [['content-length: abc'], false],
        [['content-length: -1'], false],
        [['content-length: 1.5'], false],
        [['content-length: 0x10'], false],
        [['content-length: 2', 'content-length: 3'], false],
        [['content-length: 2'], false],
        [['content-length: 999999999999'], true],
        [['content-length: 100000'], true],
        [['content-length: 5', 'transfer-encoding: chunked'], false],
      )
      .map(([headers, cut]) => ({ ...c, headers: [...c.headers, ...headers], cut })),
  );
  const hex = (b: Buffer) => b.length.toString(16);
  const cat = (...parts: Array<string | Buffer>) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? bytes(p) : p)));
  const chunked = post('chunked', (body) => ({ body: json(body) })).chain((c) =>
    fc
      .constantFrom<[string, (b: Buffer) => Buffer, boolean]>(
        ['chunked', (b) => cat(hex(b), '\r\n', b, '\r\n0\r\n\r\n'), false],
        ['chunked', (b) => cat(hex(b), ';ext=1\r\n', b, '\r\n0\r\ntrailer: x\r\n\r\n'), false],
        ['chunked', (b) => cat('zz\r\n', b, '\r\n0\r\n\r\n'), false],
        ['chunked', (b) => cat('fffffffffffffffff\r\n', b), false],
        ['chunked', (b) => cat(hex(b), '\r\n', b, '\r\n'), true],
        ['chunked', (b) => cat('1\r\n', b, '\r\n0\r\n\r\n'), false],
        ['chunked, chunked', (b) => cat(hex(b), '\r\n', b, '\r\n0\r\n\r\n'), false],
        ['gzip, chunked', (b) => cat(hex(b), '\r\n', b, '\r\n0\r\n\r\n'), false],
        ['xchunked', (b) => b, false],
      )
      .map(([te, frame, cut]) => ({
        ...c,
        headers: [...c.headers, `transfer-encoding: ${te}`],
        body: { ...(c.body as { json: unknown }), frame },
        cut,
      })),
  );
  return [malformed, contentType, oversized, lengths, chunked];
}
