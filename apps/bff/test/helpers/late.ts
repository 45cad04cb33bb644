/**
 * A stand-in for an object a `beforeAll` hook makes: the file can name it at module level (and
 * destructure it from a fixture) while the object itself only exists once the hook has run.
 * Every property read, write and method call goes to the object filled in last.
 */
export function late<T extends object>(what: string): { handle: T; fill(value: T): void } {
  let current: T | undefined;
  const target = (): T => {
    if (current === undefined) throw new Error(`${what} is used before its beforeAll hook ran`);
    return current;
  };
  const handle = new Proxy({} as T, {
    get(_, key) {
      const object = target();
      const value: unknown = Reflect.get(object, key, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      // A proxy may not report a property its (empty) target lacks as non-configurable.
      return descriptor && { ...descriptor, configurable: true };
    },
  });
  return {
    handle,
    fill: (value) => {
      current = value;
    },
  };
}
