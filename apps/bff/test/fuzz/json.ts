/** Arrays and plain objects are containers; anything else (including markers) is a leaf. */
export function isContainer(value: unknown): value is Record<string | number, unknown> {
  if (Array.isArray(value)) return true;
  if (!value || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Sets a key as an own property, even `__proto__` (plain assignment would set the prototype). */
export function setOwn(target: object, key: string | number, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Rebuilds a JSON-ish value bottom-up, passing every leaf through `leaf`. */
export function mapJson(value: unknown, leaf: (value: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => mapJson(item, leaf));
  if (!isContainer(value)) return leaf(value);
  const out = {};
  for (const [key, child] of Object.entries(value)) setOwn(out, key, mapJson(child, leaf));
  return out;
}
