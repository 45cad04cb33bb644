// The BFF bundled as `pnpm start` runs it: the workspace's own TypeScript packages inside,
// npm dependencies left to node to load at run time (from apps/bff/node_modules, so the output
// folder must sit inside apps/bff). Used by scripts/build.mjs (dist/) and by the BFF tests that
// start the BFF as a process of its own (a folder of their own in dist/, built once per run).
import { build } from 'esbuild';
import path from 'node:path';

const BFF_DIR = path.resolve(import.meta.dirname, '..');

/** The server and the SQLite checkpoint process, which src/db/checkpointer.ts starts beside it. */
export const BFF_ENTRY_POINTS = {
  server: 'src/server.ts',
  'checkpoint-process': 'src/db/checkpoint-process.mjs',
};

/**
 * Bundles `entryPoints` (name → path in apps/bff) into `outdir` as `<name>.mjs`.
 * @param {{ outdir: string, entryPoints?: Record<string, string> }} options
 */
export async function bundleBff({ outdir, entryPoints = BFF_ENTRY_POINTS }) {
  await build({
    absWorkingDir: BFF_DIR,
    entryPoints,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    banner: {
      // Bundled CommonJS helpers may call require(); give ESM output one.
      js: "import { createRequire as __ptdCreateRequire } from 'node:module'; const require = __ptdCreateRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'external-npm-packages',
        setup(b) {
          // Bundle relative imports and the workspace's @ptd/* sources; load npm packages at run time.
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@ptd/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
}
