import fc from 'fast-check';

/**
 * Values the fuzzer puts in fields. Ids and tokens only exist at run time (created by earlier
 * requests), so generated requests name them by reference and the runner fills them in.
 */
export const POOLS = [
  'tokenId',
  'policyId',
  'staffId',
  'streamId',
  'batchId',
  'revocationId',
  'sessionId',
  'jwt',
  'idemKey',
] as const;
export type PoolName = (typeof POOLS)[number];

export class PoolRef {
  constructor(
    readonly pool: PoolName,
    readonly pick: number,
  ) {}
}

export const poolRef = (pool: PoolName) => fc.nat().map((pick) => new PoolRef(pool, pick));

const DAY = 86_400_000;
/** An instant relative to the run's start, in ISO form: the expiry rules judge against now. */
export class Instant {
  constructor(readonly offsetMs: number) {}
}
export const instant = fc
  .oneof(
    { weight: 6, arbitrary: fc.integer({ min: 60_000, max: 400 * DAY }) },
    { weight: 1, arbitrary: fc.integer({ min: -30 * DAY, max: 0 }) },
    { weight: 1, arbitrary: fc.integer({ min: 3_600_000, max: 48 * 3_600_000 }) },
  )
  .map((offset) => new Instant(offset));

/** A fuzzing dictionary: strings that mean something to this app or to parsers in general. */
export const INTERESTING_STRINGS = [
  '',
  ' ',
  'DmEvt-CupFn',
  'a1000000-0000-4000-8000-000000000001',
  '203.0.113.7',
  '10.0.0.1/24',
  '2001:db8::1',
  'shop.example.com',
  'https://shop.example.com',
  '*.example.com',
  'localhost',
  'admin@example.com',
  'viewer',
  'admin',
  'null',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  '../..',
  '%2e%2e',
  '..',
  '/',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  "' OR '1'='1' --",
  '${jndi:ldap://127.0.0.1/a}',
  'a\u0000b',
  'line\r\nbreak',
  '\u202eevil',
  '😀🎉',
  'x'.repeat(65),
  'x'.repeat(129),
  'x'.repeat(9000),
  'http://127.0.0.1:1/jwks.json',
  'https://127.0.0.1:1/.well-known/jwks.json',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
];

/**
 * What a field of this name accepts beyond its JSON Schema: zod's refinements (an IPv4
 * address, a host name, a JWKS URL) do not survive the conversion, and a body should usually
 * get past validation to reach the code behind it.
 */
export const FIELD_HINTS: Record<string, fc.Arbitrary<unknown>> = {
  ip: fc.constantFrom('203.0.113.7', '198.51.100.23', '192.0.2.1'),
  domain: fc.constantFrom('shop.example.com', 'www.example.com', 'example.com'),
  allowedOrigins: fc.constantFrom('shop.example.com', 'www.example.com', 'cdn.example.org'),
  email: fc
    .tuple(
      fc.stringMatching(/^[a-z][a-z0-9.]{0,12}$/),
      fc.constantFrom('example.com', 'example.org'),
    )
    .map(([local, host]) => `${local.replace(/\.$/, '')}@${host}`),
  policy: poolRef('policyId'),
  password: fc.constantFrom('a long password 123', 'correct horse battery staple'),
  secret: fc.constantFrom('fuzz-secret-fuzz-secret-fuzz-secret-0123'),
  jwksUrl: fc.constantFrom('http://127.0.0.1:1/.well-known/jwks.json', 'https://127.0.0.1:1/jwks'),
  groupid: fc.constantFrom('a1000000-0000-4000-8000-000000000001'),
  groupId: fc.constantFrom(
    'a1000000-0000-4000-8000-000000000001',
    'a1000000-0000-4000-8000-000000000002',
  ),
  streams: fc.constantFrom('DmEvt-CupFn', 'DmEvt-Cncrt'),
  name: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 30 }),
  displayName: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 30 }),
};

/** Text of every kind: plain, any code point, and ASCII with the odd control character. */
export const anyText = (maxLength = 40) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
  );

/** A JSON object with an own `__proto__` (or `constructor.prototype`) key, as JSON.parse makes. */
const pollution = fc.constantFrom(
  '{"__proto__":{"isAdmin":true,"role":"admin"}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"__proto__":null}',
);

/** Values that replace one field of an otherwise valid body. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, '', [], [null], {}),
  fc.constantFrom(...INTERESTING_STRINGS),
  anyText(),
  pollution.map((text) => JSON.parse(text) as unknown),
  fc.integer({ min: 1, max: 300 }).map((depth) => nest(depth)),
  fc.jsonValue({ maxDepth: 3 }),
  poolRef('jwt'),
  poolRef('tokenId'),
);

function nest(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Any JSON at all, with the odd polluting key. */
export const randomJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: pollution.map((text) => JSON.parse(text) as unknown) },
);
