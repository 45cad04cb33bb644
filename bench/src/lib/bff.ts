import { SEED } from '@ptd/emulator';
import { join } from 'node:path';
import { freePort } from '@ptd/node-testing';
import { CORE, ROOT, nodeTs, startService, tempDir, type Service } from './processes.ts';

export const ADMIN = { email: 'bench-admin@example.com', password: 'bench correct horse battery' };
const STAFF_PASSWORD = 'bench staff password 1';

export const BFF_SERVER = join(ROOT, 'apps/bff/src/server.ts');

export interface Emulator extends Service {
  /** The seeded "Demo Events" admin bintu token: what the BFF holds in remote mode. */
  credential: string;
}

/** The emulator as its own process (so its CPU is not the BFF's), pinned off the BFF's core. */
export async function startEmulatorProcess(latencyMs = 0): Promise<Emulator> {
  const port = await freePort();
  const { command, args } = nodeTs(join(ROOT, 'bench/src/servers/emulator.ts'));
  const service = await startService({
    name: 'emulator',
    command,
    args,
    cores: CORE.rest,
    port,
    readyPath: '/healthz',
    env: {
      EMULATOR_PORT: String(port),
      EMULATOR_DATA_DIR: join(tempDir('emulator'), 'data'),
      EMULATOR_LATENCY_MS: String(latencyMs),
    },
  });
  return { ...service, credential: SEED.credentials.demoEvents.adminToken };
}

export interface Bff extends Service {
  dataDir: string;
}

export interface BffOptions {
  /** Remote mode against this emulator; embedded (the `pnpm start` default) when absent. */
  emulator?: Emulator;
  env?: Record<string, string>;
  cores?: string;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}

/**
 * The BFF as `node --import tsx apps/bff/src/server.ts` (one process: the pid whose CPU is
 * read), production mode, a fresh DATA_DIR, the bench admin. Product limits are raised only
 * where a bounded load would otherwise measure 429s (see the callers).
 */
export async function startBff(options: BffOptions = {}): Promise<Bff> {
  const port = await freePort();
  const dataDir = join(tempDir('bff'), 'data');
  const remote = options.emulator
    ? {
        NANOSTREAM_TOKEN_API_URL: options.emulator.url,
        NANOSTREAM_BINTU_API_URL: options.emulator.url,
        NANOSTREAM_BINTU_TOKEN: options.emulator.credential,
      }
    : {};
  const { command, args } = nodeTs(BFF_SERVER, options.nodeArgs);
  const service = await startService({
    name: 'bff',
    command,
    args,
    cwd: join(ROOT, 'apps/bff'),
    cores: options.cores ?? CORE.server,
    port,
    readyPath: '/readyz',
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...remote,
      ...options.env,
    },
  });
  return { ...service, dataDir };
}

export interface StaffSession {
  email: string;
  cookie: string;
  csrfToken: string;
  staffId: string;
}

async function expectOk(response: Response, what: string) {
  if (response.ok) return response;
  throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
}

/** Signs in like the SPA does: the session cookie and the CSRF token from the body. */
export async function signIn(baseUrl: string, email: string, password: string) {
  const response = await expectOk(
    await fetch(`${baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email, password }),
    }),
    `sign-in as ${email}`,
  );
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.includes('ptd_session='));
  if (!cookie) throw new Error(`sign-in as ${email}: no session cookie`);
  const body = (await response.json()) as { csrfToken: string; user: { id: string } };
  return { email, cookie, csrfToken: body.csrfToken, staffId: body.user.id } as StaffSession;
}

/** Like a browser's cookie jar: GET /api/session and keep the cookie if it was re-issued. */
export async function refreshSessions(baseUrl: string, sessions: StaffSession[]) {
  for (const session of sessions) {
    const response = await expectOk(
      await fetch(`${baseUrl}/api/session`, { headers: { cookie: session.cookie } }),
      `refresh the session of ${session.email}`,
    );
    await response.body?.cancel();
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0] ?? '')
      .find((c) => c.includes('ptd_session='));
    if (cookie) session.cookie = cookie;
  }
}

/** Headers of a signed-in state-changing API call from a non-browser client. */
export const sessionHeaders = (session: StaffSession) => ({
  cookie: session.cookie,
  'x-csrf-token': session.csrfToken,
  'content-type': 'application/json',
  accept: 'application/json',
});

/**
 * The admin plus `extra` editors, each signed in. Token creation is rate limited per staff
 * member, so a load spreads its requests over several members, as a busy team would.
 */
export async function staffSessions(bff: Bff, extra: number): Promise<StaffSession[]> {
  const admin = await signIn(bff.url, ADMIN.email, ADMIN.password);
  const sessions = [admin];
  for (let i = 1; i <= extra; i += 1) {
    const email = `bench-editor-${i}@example.com`;
    await expectOk(
      await fetch(`${bff.url}/api/staff`, {
        method: 'POST',
        headers: sessionHeaders(admin),
        body: JSON.stringify({
          email,
          displayName: `Bench editor ${i}`,
          role: 'editor',
          password: STAFF_PASSWORD,
        }),
      }),
      `create ${email}`,
    );
    sessions.push(await signIn(bff.url, email, STAFF_PASSWORD));
  }
  return sessions;
}
