// Bundles the BFF (with the workspace's own TypeScript packages) into dist/server.mjs so that
// `pnpm start` runs plain node: no TypeScript loader at start. npm dependencies stay external.
// The SQLite checkpoint process is a program of its own (dist/checkpoint-process.mjs), which
// src/db/checkpointer.ts starts from beside the bundle.
import { bundleBff } from './bundle.mjs';

await bundleBff({ outdir: 'dist' });
