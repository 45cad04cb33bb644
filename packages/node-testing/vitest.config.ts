import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'node-testing', environment: 'node', include: ['src/**/*.test.ts'] },
});
