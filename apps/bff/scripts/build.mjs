// Bundles the BFF (with the workspace's own TypeScript packages) into dist/server.mjs so that
// `pnpm start` runs plain node: no TypeScript loader at start. npm dependencies stay external.
// The SQLite checkpoint process is a program of its own (dist/checkpoint-process.mjs), which
// src/db/checkpointer.ts starts from beside the bundle.
import { build } from 'esbuild';

await build({
  entryPoints: {
    server: 'src/server.ts',
    'checkpoint-process': 'src/db/checkpoint-process.mjs',
  },
  outdir: 'dist',
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
