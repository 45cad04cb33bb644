import fc from 'fast-check';
import type { BodyPlan } from './generate.ts';
import { schemaArbitrary } from './json-schema-arbitrary.ts';
import { mutation } from './mutate.ts';
import { paramPool } from './pools.ts';
import type { RouteSpec } from './routes.ts';
import { INTERESTING_STRINGS, anyText, hostileValue, poolRef, randomJson } from './values.ts';

/** The parts of a generated request: body, query, path parameters and headers, per route. */

const BROKEN_JSON = [
  '',
  'null',
  '[]',
  '"text"',
  '0',
  '{',
  '{"a":',
  '{"a":1}}',
  '\ufeff{}',
  '{"target":1,"target":2}',
  "{'a':1}",
  'undefined',
  '['.repeat(5000),
  `1${'0'.repeat(400)}`,
  '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}}}',
];

export const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json, text/plain',
  'application/vnd.api+json',
  'application/jsonx',
  '',
];

/** The value one time in `1 + absent` (fc.option's freq counts the other way round). */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, absent: number) =>
  fc.oneof({ weight: absent, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

export function bodyPlan(route: RouteSpec): fc.Arbitrary<BodyPlan> {
  const schema = route.operation?.requestBody?.content?.['application/json']?.schema;
  const text = fc.constantFrom(...BROKEN_JSON).map((t): BodyPlan => ({ kind: 'text', text: t }));
  const random = randomJson.map((value): BodyPlan => ({
    kind: 'json',
    value,
    mode: 'random',
    corpus: null,
  }));
  if (!schema) {
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant<BodyPlan>({ kind: 'none' }) },
      { weight: 1, arbitrary: random },
      { weight: 1, arbitrary: text },
    );
  }
  const valid = fc.record({ value: schemaArbitrary(schema), corpus: sometimes(fc.nat(), 1) });
  const bare = fc.constantFrom<BodyPlan>(
    { kind: 'none' },
    { kind: 'text', text: 'null' },
    { kind: 'text', text: '{}' },
  );
  return fc.oneof(
    {
      weight: 4,
      arbitrary: valid.map(({ value, corpus }): BodyPlan => ({
        kind: 'json',
        value,
        mode: 'valid',
        corpus,
      })),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(valid, mutation).map(([{ value, corpus }, m]): BodyPlan => ({
        kind: 'json',
        value,
        mode: 'mutated',
        corpus,
        mutation: m,
      })),
    },
    { weight: 1, arbitrary: random },
    { weight: 1, arbitrary: text },
    { weight: 1, arbitrary: bare },
  );
}

export function queryPlan(route: RouteSpec): fc.Arbitrary<Array<[string, unknown]>> {
  const declared = (route.operation?.parameters ?? []).filter((p) => p.in === 'query');
  const pairs = declared.map((p) =>
    sometimes(
      fc
        .oneof(
          { weight: 8, arbitrary: schemaArbitrary(p.schema, p.name) },
          { weight: 1, arbitrary: hostileValue },
        )
        .map((value): [string, unknown] => [p.name, value]),
      2,
    ),
  );
  const odd = sometimes(
    fc.oneof(
      fc.tuple(
        fc.constantFrom('__proto__[role]', 'constructor[prototype][x]', 'a[b][c][d]'),
        anyText(8),
      ),
      fc.tuple(anyText(12), anyText(12)),
      fc.tuple(
        fc.constantFrom(...declared.map((p) => p.name), 'page'),
        fc.constantFrom(...INTERESTING_STRINGS),
      ),
    ),
    6,
  );
  return fc
    .tuple(fc.tuple(...pairs), odd)
    .map(([known, extra]) => [
      ...known.filter((pair): pair is [string, unknown] => pair !== null),
      ...(extra ? [extra as [string, unknown]] : []),
    ]);
}

export function paramsPlan(route: RouteSpec): fc.Arbitrary<Record<string, unknown>> {
  const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
  if (route.path.endsWith('*')) names.push('*');
  const value = (name: string) =>
    fc.oneof(
      { weight: 6, arbitrary: poolRef(paramPool(route, name)) },
      { weight: 2, arbitrary: anyText(20).filter((s) => s.length > 0) },
      { weight: 2, arbitrary: fc.constantFrom(...INTERESTING_STRINGS.filter((s) => s.length > 0)) },
    );
  return fc
    .tuple(...names.map(value))
    .map((values) => Object.fromEntries(names.map((name, i) => [name, values[i]])));
}

export function headersPlan(route: RouteSpec): fc.Arbitrary<Record<string, unknown>> {
  const declared = (route.operation?.parameters ?? []).filter((p) => p.in === 'header');
  const idem = fc.oneof(poolRef('idemKey'), fc.string({ unit: 'grapheme-ascii', maxLength: 80 }));
  const bearer = sometimes(
    fc.oneof(poolRef('jwt'), fc.string({ unit: 'grapheme-ascii', maxLength: 40 })),
    4,
  );
  return fc
    .tuple(fc.tuple(...declared.map(() => sometimes(idem, 1))), bearer)
    .map(([values, token]) => {
      const headers: Record<string, unknown> = {};
      declared.forEach((p, i) => {
        if (values[i] !== null) headers[p.name] = values[i];
      });
      if (token !== null) headers.authorization = token;
      return headers;
    });
}
