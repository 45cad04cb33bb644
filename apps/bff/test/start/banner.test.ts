import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DEMO_POLICY_ID } from '../../src/services/local-demo-policy.ts';
import { startBffProcess, type BffProcess } from '../helpers/bff-process.ts';
import { dropTestDatabase } from '../helpers/database.ts';

/** The zero-configuration start: the embedded emulator and no ADMIN_* (blank is unset). */
const ZERO_CONFIG = {
  NANOSTREAM_TOKEN_API_URL: '',
  NANOSTREAM_BINTU_API_URL: '',
  NANOSTREAM_BINTU_TOKEN: '',
  ADMIN_EMAIL: '',
  ADMIN_PASSWORD: '',
};

let dataDir: string;
let running: BffProcess | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'bff-banner-'));
});
afterAll(async () => {
  await running?.kill('SIGTERM');
  await rm(dataDir, { recursive: true, force: true });
  await dropTestDatabase(dataDir);
});

/** Starts the BFF and waits for the whole banner (it ends with an empty line). */
async function start() {
  running = await startBffProcess({ upstreamUrl: '', dataDir, env: ZERO_CONFIG });
  const bff = running;
  const deadline = Date.now() + 10_000;
  while (!/\n\n$/.test(bff.output().split('listening on')[1] ?? '') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { bff, banner: bff.output().slice(bff.output().indexOf('Playback token dashboard')) };
}

describe('the start banner on the embedded default', () => {
  it('should name the example viewer page, which plays with the local demo policy', async () => {
    const { bff, banner } = await start();
    const port = new URL(bff.url).port;
    expect(banner).toContain(
      `Example viewer page: http://localhost:${port}/examples/viewer (plays with the local demo policy)`,
    );
    expect(banner).toMatch(/Sign in as admin@dashboard\.local with password: \S{20,}/);
    const page = await fetch(`http://localhost:${port}/examples/viewer`);
    expect(await page.text()).toContain(`value="${LOCAL_DEMO_POLICY_ID}"`);
    await bff.kill('SIGTERM');
  });

  it('should say how to get back in after a restart, when the printed password is lost', async () => {
    const { bff, banner } = await start();
    expect(banner).toContain('Sign in with an existing staff account.');
    expect(banner).toContain(
      "Lost the password? Stop (Ctrl-C) and start with ADMIN_EMAIL and ADMIN_PASSWORD set, e.g.\n  ADMIN_EMAIL=admin@dashboard.local ADMIN_PASSWORD='a long passphrase' pnpm start\n",
    );
    expect(banner).not.toMatch(/with password:/);
    await bff.kill('SIGTERM');
  });
});
