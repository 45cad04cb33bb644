import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { createContext } from './context.ts';
import type { StreamRecord } from './seed/index.ts';

export { SEED } from './seed/index.ts';
export type {
  Credential,
  CredentialKind,
  Organisation,
  Role,
  Seed,
  StreamRecord,
} from './seed/index.ts';
export { signTestToken } from './token/test-token.ts';
export type { TestTokenOptions } from './token/test-token.ts';
export { PLAYER_ERRORS } from './player/reasons.ts';
export type { DenyReason, PlayerError } from './player/reasons.ts';

export interface EmulatorOptions {
  /** Holds the signing key and the revocations; created if missing. */
  dataDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  logger?: boolean;
  /** Clock in milliseconds; drives minting, caps, verification and the player page. */
  now?: () => number;
  /**
   * Milliseconds every API answer is held back, as if the cloud were that far away (0, the
   * default: answered as soon as ready). For measuring what distance does to the dashboard.
   */
  latencyMs?: number;
  /** Streams beside the seed's (tests that need names of their own, e.g. `event-1`, `event-10`). */
  streams?: readonly StreamRecord[];
}

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:4000` */
  url: string;
  close(): Promise<void>;
  app: FastifyInstance;
}

/** The emulator as a Fastify instance, ready but not listening (use `inject`). */
export async function buildEmulator(opts: EmulatorOptions): Promise<FastifyInstance> {
  const ctx = await createContext(opts.dataDir, opts.now ?? Date.now, opts.streams);
  const app = await buildApp(ctx, opts.logger ?? false, opts.latencyMs ?? 0);
  await app.ready();
  return app;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Builds and listens; `url` is where to reach it. */
export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const app = await buildEmulator(opts);
  await app.listen({ host, port: opts.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  return { url: `http://${urlHost(host)}:${port}`, close: () => app.close(), app };
}
