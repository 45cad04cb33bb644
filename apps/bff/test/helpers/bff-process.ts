import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { inject } from 'vitest';
import { ADMIN } from './app.ts';
import { testDatabaseUrl } from './database.ts';
import { signInWith, type HttpSession } from './http-session.ts';
import { CREDENTIALS } from './upstream.ts';

const BFF_DIR = path.resolve(import.meta.dirname, '../..');

export interface BffProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has ended, however. */
  exited: Promise<void>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * The BFF as `pnpm start` runs it, the bundle of the sources under test (built once per run,
 * test/processes/global-setup.ts): its own process on 127.0.0.1 and a port of its choosing,
 * in remote mode against `upstreamUrl`.
 * Resolves once it prints the URL it listens on (it is ready then).
 */
export async function startBffProcess(options: {
  upstreamUrl: string;
  dataDir: string;
  env?: Record<string, string>;
}): Promise<BffProcess> {
  // On the PostgreSQL suite, the data directory's own test database (as createTestApp does).
  const databaseUrl = await testDatabaseUrl(options.dataDir);
  const child = spawn(process.execPath, [path.join(inject('processBundle'), 'server.mjs')], {
    cwd: BFF_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATA_DIR: options.dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      NANOSTREAM_TOKEN_API_URL: options.upstreamUrl,
      NANOSTREAM_BINTU_API_URL: options.upstreamUrl,
      NANOSTREAM_BINTU_TOKEN: CREDENTIALS.demoEvents.adminToken,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...options.env,
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1] as string);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`the BFF ended before it listened:\n${output}`)));
  });
  return {
    url,
    child,
    exited,
    output: () => output,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Signs the admin of `startBffProcess` in over HTTP: the session cookie and the CSRF token. */
export async function signInOverHttp(baseUrl: string): Promise<HttpSession> {
  return (await signInWith(baseUrl, ADMIN.email, ADMIN.password)).session;
}
