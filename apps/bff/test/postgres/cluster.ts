import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@ptd/node-testing';

/**
 * A throwaway PostgreSQL cluster for tests: Debian's server binaries, `initdb` into a temporary
 * directory, listening on 127.0.0.1 on a free port only (no Unix socket), trust authentication
 * for local connections, removed again when stopped.
 */

const POSTGRES_ROOT = '/usr/lib/postgresql';

/** The newest installed server's bin directory, or undefined when none is installed. */
export function postgresBinDir(): string | undefined {
  if (process.env.PTD_POSTGRES_BIN) return process.env.PTD_POSTGRES_BIN;
  if (!existsSync(POSTGRES_ROOT)) return undefined;
  const versions = readdirSync(POSTGRES_ROOT)
    .filter((v) => existsSync(path.join(POSTGRES_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(POSTGRES_ROOT, versions[0], 'bin') : undefined;
}

/**
 * initdb and postgres refuse to run as root: as root, run them as the `postgres` system user
 * (spawned with its uid and gid directly, so signals reach the server itself).
 */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

export interface TestCluster {
  /** Superuser URL of the `postgres` database (create test databases through it). */
  url: string;
  version: string;
  /**
   * Stops the server as `pg_ctl -m fast stop` does (ends every session, keeps the data
   * directory), as a restart or a failover begins. Resolves once it has exited.
   */
  halt(): Promise<void>;
  /** Starts the server again on the same port and data directory; resolves once it accepts. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(binDir: string): Promise<TestCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ptd-pg-'));
  const dataDir = path.join(dir, 'data');
  const user = serverUser();
  if (user) {
    await chown(dir, user.uid, user.gid);
    await chmod(dir, 0o700);
  }
  execFileSync(
    path.join(binDir, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync'],
    { stdio: 'ignore', ...user },
  );
  const port = await freePort();
  // No fsync: a test cluster trades durability for speed.
  const args = [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=300',
  ];
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const launch = async () => {
    const server = spawn(path.join(binDir, 'postgres'), args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...user,
    });
    let log = '';
    server.stderr.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    const deadline = Date.now() + 20_000;
    const pg = (await import('pg')).default;
    for (;;) {
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        await client.end();
        return server;
      } catch (error) {
        await client.end().catch(() => {});
        if (server.exitCode !== null || Date.now() > deadline) {
          server.kill('SIGKILL');
          throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${log}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  // SIGINT: "fast" shutdown (ends sessions, no checkpoint wait worth having here).
  const halt = (server: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (server.exitCode !== null) return resolve();
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      server.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      server.kill('SIGINT');
    });
  let server = await launch();
  const version = execFileSync(path.join(binDir, 'postgres'), ['--version']).toString().trim();
  return {
    url,
    version,
    halt: () => halt(server),
    async resume() {
      server = await launch();
    },
    async stop() {
      await halt(server);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
