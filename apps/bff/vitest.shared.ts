/**
 * How the BFF test files run. A worker runs its files one after another in one module graph
 * (`isolate: false`): a file no longer imports and evaluates the app's modules again (about 5 s
 * a file on a 2-core machine, 4 s of which this saves). Each file still builds apps of its own,
 * with their own database, clocks and stores; what the modules keep among themselves is caches
 * and id pools, which no test depends on being fresh.
 *
 * A file that replaces a module (`vi.mock`) needs a module graph of its own: it is listed in
 * OWN_MODULES, left out of the shared runs, and run by `vitest.own-modules.config.ts`.
 */
export const OWN_MODULES = ['test/plugins/response-schemas.test.ts'];

export const bffTestOptions = {
  environment: 'node',
  testTimeout: 20_000,
  hookTimeout: 30_000,
  isolate: false,
} as const;
