import { SEED } from '@ptd/emulator';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { PASSWORD } from '../helpers/app.ts';
import { staffClient, type Client } from '../helpers/client.ts';
import { CUP_FINAL_GROUP, createPolicy, policyInput, requestToken } from '../helpers/policies.ts';
import { createToken, tokenRequest } from '../helpers/tokens.ts';
import { startTestEmulator, type TestEmulator } from '../helpers/upstream.ts';
import type { Caller } from './generate.ts';
import { Pools } from './pools.ts';
import { PoolRef } from './values.ts';
import { startRecordingUpstream, type RecordingUpstream } from './recording-upstream.ts';
import { discoverRoutes, type RouteSpec } from './routes.ts';
import { keepWellFormed } from './well-formed.ts';
import { seedEvents } from './world-events.ts';

export interface Credentials {
  cookie?: string;
  csrf?: string;
}

/** Everything a fuzz run talks to: the emulator behind a recorder, and the BFF listening. */
export interface World {
  t: TestApp;
  emulator: TestEmulator;
  upstream: RecordingUpstream;
  /** `http://127.0.0.1:<port>` of the listening BFF. */
  origin: string;
  port: number;
  routes: RouteSpec[];
  pools: Pools;
  callers: Record<Caller, Credentials>;
  /**
   * Signs a staff caller in again: a generated sign-out (or "sign out everywhere") really
   * ends its session now, and the rest of the run still needs one.
   */
  signInAgain(caller: Caller): Promise<void>;
  close(): Promise<void>;
}

/** A cookie the server sealed, with a few characters changed: it must count as no session. */
function tamper(cookie: string): string {
  const [name, value = ''] = cookie.split('=');
  const middle = Math.floor(value.length / 2);
  const flipped = value[middle] === 'A' ? 'B' : 'A';
  return `${name}=${value.slice(0, middle)}${flipped}${value.slice(middle + 1)}`;
}

export async function startWorld(): Promise<World> {
  const emulator = await startTestEmulator();
  const upstream = await startRecordingUpstream(emulator.url);
  const t = await createTestApp({
    upstreamUrl: upstream.url,
    env: {
      // A long campaign re-sends the sign-in cookie for many minutes.
      SESSION_IDLE_MINUTES: '720',
      // It signs in again whenever a generated request ended its session; at several hundred
      // requests a second the fuzzed sign-ins alone pass the tests' 1,000 a minute.
      SIGN_IN_RATE_PER_MINUTE: '10000',
      LOG_LEVEL: 'info',
    },
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (t.app.server.address() as AddressInfo).port;
  const staff: Record<'admin' | 'editor' | 'viewer', Client> = {
    admin: await staffClient(t.app, 'admin'),
    editor: await staffClient(t.app, 'editor'),
    viewer: await staffClient(t.app, 'viewer'),
  };
  const own = new Set(Object.values(staff).map((c) => c.session?.user.id ?? ''));
  const pools = new Pools(own);
  await seed(t, staff.admin, pools);
  await seedEvents(t, staff.admin, pools, upstream);
  const credentials = (client: Client): Credentials => ({
    ...(client.cookie ? { cookie: client.cookie } : {}),
    ...(client.csrf ? { csrf: client.csrf } : {}),
  });
  // The API's description is for signed-in staff (API_DOCS=staff, the default).
  const openapi = (await staff.viewer.get('/api/openapi.json')).json();
  upstream.take();
  const callers: Record<Caller, Credentials> = {
    admin: credentials(staff.admin),
    editor: credentials(staff.editor),
    viewer: credentials(staff.viewer),
    'signed-out': {},
    tampered: { cookie: tamper(staff.admin.cookie ?? 'ptd_session=x') },
  };
  return {
    t,
    emulator,
    upstream,
    origin: `http://127.0.0.1:${port}`,
    port,
    routes: discoverRoutes(t.app, openapi),
    pools,
    callers,
    async signInAgain(caller) {
      if (caller !== 'admin' && caller !== 'editor' && caller !== 'viewer') return;
      const client = staff[caller];
      const response = await client.signIn(client.session?.user.email ?? '', PASSWORD);
      if (response.statusCode !== 200) throw new Error(`sign-in again: ${response.body}`);
      callers[caller] = credentials(client);
    },
    async close() {
      await t.close();
      await upstream.close();
      await emulator.close();
    },
  };
}

/**
 * A few of everything, so generated requests can name real ids from the first one on, and a
 * seed corpus: a valid body per writing route, for mutations to start from.
 */
async function seed(t: TestApp, admin: Client, pools: Pools) {
  for (const stream of Object.values(SEED.streams)) {
    pools.add('streamId', stream.id);
    pools.add('streamId', stream.name);
  }
  for (const n of [1, 2, 3]) pools.add('idemKey', `fuzz-key-${n}`);
  for (const overrides of [{}, { revocable: true }, { revocable: true, tag: 'fuzz' }]) {
    const created = await createToken(admin, overrides);
    keepWellFormed(pools, 'POST /api/tokens', tokenRequest(overrides));
    pools.add('tokenId', created.record.id);
    pools.add('jwt', created.token);
  }
  const open = await createPolicy(admin, { name: 'Fuzz open' });
  pools.add('policyId', open.id);
  const secret = await createPolicy(admin, {
    name: 'Fuzz identity',
    identity: { mode: 'secret', secret: 'fuzz-secret-fuzz-secret-fuzz-secret-0123' },
  });
  pools.add('policyId', secret.id);
  keepWellFormed(pools, 'POST /api/policies', policyInput({ name: 'Fuzz open' }));
  keepWellFormed(pools, 'PUT /api/policies/:id', policyInput({ name: 'Fuzz renamed' }));
  keepWellFormed(pools, 'POST /playback-token', { policy: open.id });
  keepWellFormed(pools, 'POST /playback-token', { groupid: CUP_FINAL_GROUP });
  keepWellFormed(pools, 'PATCH /api/staff/:id', { role: 'viewer' });
  keepWellFormed(pools, 'POST /api/tokens/inspect', { token: pools.pick(new PoolRef('jwt', 0)) });
  const viewer = await requestToken(t.app, { policy: open.id });
  pools.add('jwt', viewer.json<{ jwtoken: string }>().jwtoken);
  for (const role of ['viewer', 'editor', 'admin'] as const) {
    const body = {
      email: `victim-${role}@example.com`,
      displayName: `Victim ${role}`,
      role,
      password: 'victim password 123',
    };
    keepWellFormed(pools, 'POST /api/staff', { ...body, email: `new-${role}@example.com` });
    const victim = await admin.post('/api/staff', body);
    pools.add('staffId', victim.json<{ id: string }>().id);
  }
}
