import { defineProject } from 'vitest/config';
import { bffTestOptions, OWN_MODULES } from './vitest.shared.ts';

export default defineProject({
  test: {
    ...bffTestOptions,
    name: 'bff',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: OWN_MODULES,
    globalSetup: ['test/processes/global-setup.ts'],
  },
});
