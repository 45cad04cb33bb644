import type * as TypeProvider from 'fastify-type-provider-zod';
import { describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../helpers/fixture.ts';

/** Every response schema the app compiled a serializer for, with the route it belongs to. */
const compiled = vi.hoisted(() => [] as Array<{ route: string; schema: unknown }>);

vi.mock('fastify-type-provider-zod', async (importOriginal) => {
  const original = await importOriginal<typeof TypeProvider>();
  const serializerCompiler: typeof original.serializerCompiler = (route) => {
    compiled.push({
      route: `${route.method} ${route.url} ${route.httpStatus}`,
      schema: route.schema,
    });
    return original.serializerCompiler(route);
  };
  return { ...original, serializerCompiler };
});

// Fastify compiles each route's response serializers while the app starts.
useTestApp({ upstream: 'embedded' });

interface ZodNode {
  _zod: { def: Record<string, unknown> & { type: string } };
}
const isZod = (value: unknown): value is ZodNode =>
  typeof value === 'object' && value !== null && '_zod' in value;

/**
 * Where a schema holds a `.transform()`: zod's `encode`, which serializes every response,
 * refuses those (a codec or `.overwrite()` runs both ways).
 */
function oneWayTransforms(schema: unknown, path = '', seen = new Set<unknown>()): string[] {
  if (!isZod(schema) || seen.has(schema)) return [];
  seen.add(schema);
  const { def } = schema._zod;
  if (def.type === 'transform') return [path || '(root)'];
  const found: string[] = [];
  for (const [key, value] of Object.entries(def)) {
    const children = Array.isArray(value)
      ? value.map((child, i) => [`${key}[${i}]`, child] as const)
      : key === 'shape' && typeof value === 'object' && value !== null
        ? Object.entries(value)
        : [[key, value] as const];
    for (const [name, child] of children) {
      found.push(...oneWayTransforms(child, `${path}.${name}`, seen));
    }
  }
  return found;
}

describe('response schemas', () => {
  it('should serialize every route response in both directions, with no one-way transform', () => {
    expect(compiled.length).toBeGreaterThan(20);
    const offenders = compiled.flatMap(({ route, schema }) =>
      oneWayTransforms(schema).map((where) => `${route}: ${where}`),
    );
    expect(offenders).toEqual([]);
  });
});
