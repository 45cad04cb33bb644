import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN } from '../lib/bff.ts';
import { freePort } from '@ptd/node-testing';
import { CORE, ROOT, startService, tempDir } from '../lib/processes.ts';

const BUNDLE = join(ROOT, 'apps/bff/dist/server.mjs');

/**
 * How `pnpm start` ultimately runs the BFF once install and build are done:
 * `NODE_ENV=production node dist/server.mjs` in apps/bff (the bundle `pnpm build` makes; built
 * here first when missing), embedded emulator, a fresh DATA_DIR (first start: migrations, keys,
 * first admin). Timed from spawn to the first 200 of /readyz (polled every 10 ms). Not pinned.
 */
export async function coldStart(): Promise<number> {
  if (!existsSync(BUNDLE)) {
    execFileSync('pnpm', ['--filter', '@ptd/bff', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const port = await freePort();
  const app = await startService({
    name: 'cold-start',
    command: process.execPath,
    args: [BUNDLE],
    cwd: join(ROOT, 'apps/bff'),
    cores: CORE.all,
    port,
    readyPath: '/readyz',
    pollMs: 10,
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: join(tempDir('cold'), 'data'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    },
  });
  await app.stop();
  return app.readyMs;
}
