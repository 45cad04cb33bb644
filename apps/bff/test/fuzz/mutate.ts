import fc from 'fast-check';
import { isContainer, mapJson, setOwn } from './json.ts';
import { hostileValue } from './values.ts';

type Path = Array<string | number>;

/** Every place in a JSON value: the root, each key of each object, each item of each array. */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...prefix, i], out));
  else if (isContainer(value)) {
    for (const [key, child] of Object.entries(value)) pathsOf(child, [...prefix, key], out);
  }
  return out;
}

type Operation = 'replace' | 'delete' | 'add-key';

function apply(value: unknown, path: Path, op: Operation, replacement: unknown, key: string) {
  if (path.length === 0) {
    if (op === 'add-key' && isContainer(value) && !Array.isArray(value)) {
      setOwn(value, key, replacement);
      return value;
    }
    return replacement;
  }
  let parent = value as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (op === 'delete' && !Array.isArray(parent)) delete parent[last];
  else if (op === 'add-key' && isContainer(parent[last]) && !Array.isArray(parent[last])) {
    setOwn(parent[last] as object, key, replacement);
  } else setOwn(parent, last, replacement);
  return value;
}

const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'role', ''),
  fc.string({ maxLength: 10 }),
);

/** Where and how to break a body: which place (modulo their number), and what to do there. */
export interface Mutation {
  pick: number;
  op: Operation;
  replacement: unknown;
  key: string;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom<Operation>('replace', 'replace', 'replace', 'delete', 'add-key'),
  replacement: hostileValue,
  key: extraKey,
});

/**
 * A valid body broken at exactly one place: a field replaced with a hostile value, removed, or
 * given an unexpected key. Everything else stays valid, so the request gets as far into the
 * route as that one field allows.
 */
export function applyMutation(value: unknown, m: Mutation): unknown {
  const copy = mapJson(value, (leaf) => leaf);
  const paths = pathsOf(copy);
  const path = paths[m.pick % paths.length] ?? [];
  return apply(copy, path, m.op, m.replacement, m.key);
}
