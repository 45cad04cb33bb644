import fc from 'fast-check';
import {
  FIELD_HINTS,
  INTERESTING_STRINGS,
  anyText,
  instant,
  poolRef,
  type PoolName,
} from './values.ts';

/**
 * Valid-looking values from the JSON Schema in the app's OpenAPI document (which
 * fastify-type-provider-zod derives from the zod contracts). No maintained zod 4 → fast-check
 * library exists (zod-fast-check supports zod 3 and fast-check 3 only), and the OpenAPI
 * document is also what the app validates, route by route, so the suite follows it.
 *
 * "Valid-looking": JSON Schema cannot carry zod's refinements (IPv4, domain rules, expiry
 * caps), so strings without a pattern come partly from a dictionary of meaningful values and
 * from the ids and tokens the run has seen, which gets requests past validation.
 */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
}

/** Which pool a string field draws ids from, judged by its name. */
function poolFor(name: string | undefined): PoolName | undefined {
  if (!name) return undefined;
  if (/^(token|identity)$/i.test(name)) return 'jwt';
  if (/policy/i.test(name)) return 'policyId';
  if (/^(stream|streams|id)$/i.test(name)) return 'streamId';
  if (/createdBy|actor|staff/i.test(name)) return 'staffId';
  return undefined;
}

function stringArbitrary(schema: JsonSchema, name?: string): fc.Arbitrary<unknown> {
  if (schema.format === 'date-time') return instant;
  const hint = name === undefined ? undefined : FIELD_HINTS[name];
  const generic = genericString(schema, name);
  return hint
    ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 2, arbitrary: generic })
    : generic;
}

function genericString(schema: JsonSchema, name?: string): fc.Arbitrary<unknown> {
  const pool = poolFor(name);
  const dictionary = fc.constantFrom(...INTERESTING_STRINGS);
  if (schema.pattern) {
    return fc.oneof(
      { weight: 8, arbitrary: fc.stringMatching(new RegExp(schema.pattern), { size: 'small' }) },
      { weight: 1, arbitrary: dictionary },
      { weight: pool ? 3 : 0, arbitrary: poolRef(pool ?? 'streamId') },
    );
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 64, 256);
  const random = fc.oneof(
    fc.string({ minLength, maxLength }),
    anyText(maxLength).filter((s) => s.length >= minLength),
  );
  return fc.oneof(
    { weight: 3, arbitrary: random },
    { weight: 3, arbitrary: /email/i.test(name ?? '') ? fc.emailAddress() : dictionary },
    { weight: pool ? 4 : 0, arbitrary: poolRef(pool ?? 'streamId') },
  );
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<unknown> {
  const min = schema.minimum ?? -1e6;
  const max = Math.min(schema.maximum ?? 1e6, Number.MAX_SAFE_INTEGER);
  const inRange = integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, 2 ** 31)) })
    : fc.double({ min, max, noNaN: true });
  return fc.oneof({ weight: 4, arbitrary: inRange }, fc.constantFrom(min, max));
}

const ABSENT = Symbol('absent');

function objectArbitrary(schema: JsonSchema): fc.Arbitrary<unknown> {
  const required = new Set(schema.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const value = schemaArbitrary(child, key);
    // An optional field is there one time in three: each one is a chance to be refused, and
    // a body should usually get past validation to reach the code behind it.
    model[key] = required.has(key)
      ? value
      : fc.oneof({ weight: 2, arbitrary: fc.constant(ABSENT) }, { weight: 1, arbitrary: value });
  }
  const record = fc
    .record(model)
    .map((value) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== ABSENT)));
  if (typeof schema.additionalProperties !== 'object') return record;
  const extra = fc.dictionary(
    fc.string({ maxLength: 12 }),
    schemaArbitrary(schema.additionalProperties),
    {
      maxKeys: 4,
    },
  );
  return fc.tuple(record, extra).map(([known, more]) => ({ ...more, ...known }));
}

/** An arbitrary of values the schema (mostly) accepts. `name` is the field's name, if any. */
export function schemaArbitrary(schema: JsonSchema, name?: string): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.oneOf ?? schema.anyOf;
  if (choices) return fc.oneof(...choices.map((choice) => schemaArbitrary(choice, name)));
  if (schema.allOf?.length) return schemaArbitrary(Object.assign({}, ...schema.allOf), name);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (schema.nullable) types.push('null');
  if (types.length > 1) {
    return fc.oneof(
      ...types.map((type) => schemaArbitrary({ ...schema, type, nullable: false }, name)),
    );
  }
  switch (types[0]) {
    case 'string':
      return stringArbitrary(schema, name);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schemaArbitrary(schema.items ?? {}, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case 'object':
      return objectArbitrary(schema);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
