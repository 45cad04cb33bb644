import { defineProject } from 'vitest/config';
import { bffTestOptions, OWN_MODULES } from './vitest.shared.ts';

/** The BFF test files that replace a module, each in a module graph of its own (SQLite). */
export default defineProject({
  test: {
    ...bffTestOptions,
    name: 'bff-own-modules',
    root: import.meta.dirname,
    include: OWN_MODULES,
    isolate: true,
  },
});
