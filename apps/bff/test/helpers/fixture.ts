import type { Role } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createTestApp, type TestApp, type TestAppOptions } from './app.ts';
import { Client, signInAsStaff, signInSeededAdmin } from './client.ts';
import { removeDir } from './data-dirs.ts';
import { startFaultyUpstream, type FaultyUpstream } from './faulty-upstream.ts';
import { late } from './late.ts';
import { startTestEmulator, type TestEmulator, type TestEmulatorOptions } from './upstream.ts';

type Env = Record<string, string | undefined>;

/**
 * - 'emulator': the real emulator over HTTP;
 * - 'faulty': a faulty upstream in front of it (`proxy`), healthy again before every test;
 * - 'embedded': no upstream of the test's own, the app's zero-configuration default.
 */
export type Upstream = 'emulator' | 'faulty' | 'embedded';

export interface TestUpstream {
  emulator: TestEmulator;
  /** Only with 'faulty'. */
  proxy: FaultyUpstream;
  /** Where an app of this file sends its upstream calls. */
  readonly url: string;
}

/**
 * The emulator (and with 'faulty' a faulty upstream in front of it) for the file or describe
 * block: started in `beforeAll`, closed in `afterAll`.
 */
export function useTestUpstream(
  kind: Exclude<Upstream, 'embedded'> = 'emulator',
  options: TestEmulatorOptions = {},
): TestUpstream {
  const emulator = late<TestEmulator>('the emulator');
  const proxy = late<FaultyUpstream>("the faulty upstream (upstream: 'faulty')");
  let emulatorStarted: TestEmulator | undefined;
  beforeAll(async () => {
    emulatorStarted = await startTestEmulator(options);
    emulator.fill(emulatorStarted);
  });
  // afterAll hooks run last-registered first: the proxy closes before the emulator behind it.
  afterAll(() => emulatorStarted?.close());
  if (kind === 'faulty') {
    let proxyStarted: FaultyUpstream | undefined;
    beforeAll(async () => {
      proxyStarted = await startFaultyUpstream(emulator.handle.url);
      proxy.fill(proxyStarted);
    });
    afterAll(() => proxyStarted?.close());
    beforeEach(async () => {
      proxy.handle.heal();
      await proxy.handle.accept();
    });
  }
  return {
    emulator: emulator.handle,
    proxy: proxy.handle,
    get url() {
      return (kind === 'faulty' ? proxy.handle : emulator.handle).url;
    },
  };
}

/** A signed-in client: a new staff member with that role, or the ADMIN_* account the app seeds. */
export type ClientSpec = Role | 'seeded-admin' | { role: Role; email: string };

export interface TestAppFixtureOptions<Name extends string> extends Omit<
  TestAppOptions,
  'upstreamUrl' | 'env' | 'dataDir'
> {
  /** One the file made (e.g. `useTestDataDir`), read when the app starts; else a fresh one. */
  dataDir?: () => string;
  /** A kind of upstream of its own, or one `useTestUpstream` started for several apps. */
  upstream?: Upstream | TestUpstream;
  /** Evaluated when the app starts, so it may use what earlier hooks made. */
  env?: Env | (() => Env);
  /** Signed in, in this order, once the app is up. */
  clients?: Record<Name, ClientSpec>;
}

/**
 * The usual set-up of a BFF test file: the upstream, one app on it, and signed-in clients,
 * made in `beforeAll` and closed in `afterAll`. The returned objects may be named at module
 * level; they are filled in when the hooks run.
 */
export function useTestApp<Name extends string = never>(options: TestAppFixtureOptions<Name> = {}) {
  const { upstream = 'emulator', env, dataDir, clients: specs, ...appOptions } = options;
  const upstreams =
    typeof upstream === 'object'
      ? upstream
      : upstream === 'embedded'
        ? undefined
        : useTestUpstream(upstream);
  const t = late<TestApp>('the test app');
  const app = late<FastifyInstance>('the test app');
  let started: TestApp | undefined;
  const start = async (from: Pick<TestAppOptions, 'dataDir' | 'clock' | 'env'>) => {
    started = await createTestApp({ ...appOptions, upstreamUrl: upstreams?.url, ...from });
    t.fill(started);
    app.fill(started.app);
    return started;
  };
  beforeAll(async () => {
    await start({ dataDir: dataDir?.(), env: typeof env === 'function' ? env() : env });
  });
  // The clients exist from the start (files name them at module level) and sign in in order.
  const clients = {} as Record<Name, Client>;
  const entries = Object.entries(specs ?? {}) as Array<[Name, ClientSpec]>;
  for (const [name] of entries) clients[name] = new Client(app.handle);
  if (entries.length > 0) {
    beforeAll(async () => {
      for (const [name, spec] of entries) await signIn(clients[name], spec);
    });
  }
  // Registered after the upstream's, so it runs before it: the app closes first.
  afterAll(() => started?.close());
  const none = late<TestEmulator & FaultyUpstream>("an upstream (the app is on 'embedded')");
  /**
   * Stops the app and starts another on the same data directory, database and clock, as a
   * restart of the BFF would (`env` replaces the file's; `meanwhile` runs while none is up).
   * `t` and the clients go on with the new one; signed-in sessions live on in the database.
   */
  const restart = async (change: { env?: Env; meanwhile?: () => unknown } = {}) => {
    const old = started;
    if (!old) throw new Error('restart() before the test app started');
    started = undefined;
    await old.app.close();
    await change.meanwhile?.();
    const next = change.env ?? (typeof env === 'function' ? env() : env);
    try {
      return await start({ dataDir: old.dataDir, clock: old.clock, env: next });
    } catch (error) {
      // No app is left to close in afterAll: what it would have removed goes now.
      if (!appOptions.keepDataDir) await removeDir(old.dataDir);
      throw error;
    }
  };
  return {
    t: t.handle,
    emulator: upstreams?.emulator ?? none.handle,
    proxy: upstreams?.proxy ?? none.handle,
    clients,
    restart,
  };
}

function signIn(client: Client, spec: ClientSpec) {
  if (spec === 'seeded-admin') return signInSeededAdmin(client);
  return typeof spec === 'string'
    ? signInAsStaff(client, spec)
    : signInAsStaff(client, spec.role, spec.email);
}
