import { join } from 'node:path';
import { ADMIN } from '../lib/bff.ts';
import { CORE, ROOT, freePort, startService, tempDir } from '../lib/processes.ts';

/**
 * How `pnpm start` ultimately runs the BFF once install and build are done:
 * `NODE_ENV=production tsx src/server.ts` in apps/bff (tsx's CLI, which starts node with its
 * loader), embedded emulator, a fresh DATA_DIR (first start: migrations, keys, first admin).
 * Timed from spawn to the first 200 of /readyz (polled every 10 ms). Not pinned: all cores.
 */
export async function coldStart(): Promise<number> {
  const port = await freePort();
  const app = await startService({
    name: 'cold-start',
    command: join(ROOT, 'apps/bff/node_modules/.bin/tsx'),
    args: ['src/server.ts'],
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
