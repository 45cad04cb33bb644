import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (bench/src/lib → ../../..). */
export const ROOT = resolve(import.meta.dirname, '../../..');
/** tsx's ESM loader: `node --import <this> file.ts` runs TypeScript in one process. */
export const TSX_LOADER = import.meta.resolve('tsx');

const running = new Set<Service>();
const tempDirs = new Set<string>();
const keepTemp = process.env.BENCH_KEEP === '1';

/** A fresh temporary directory, removed when the bench ends (unless BENCH_KEEP=1). */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ptd-bench-${label}-`));
  tempDirs.add(dir);
  return dir;
}

// --- CPU pinning ---------------------------------------------------------------------------

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const CPUS = availableParallelism();
/** Pinning needs two cores and taskset; without them everything shares whatever there is. */
export const PINNING = CPUS >= 2 && hasTaskset();
/** The core of the measured server (BFF, relay) and the one for everything else. */
export const CORE = { server: '0', rest: '1', all: `0-${CPUS - 1}` } as const;

/** Moves this process (every thread: it runs the load generator) to `cores`. */
export function pinSelf(cores: string) {
  if (PINNING) execFileSync('taskset', ['-a', '-p', '-c', cores, String(process.pid)]);
}

// --- Services --------------------------------------------------------------------------------

export interface Service {
  name: string;
  /** The pid of the process itself (taskset execs, so it is the node process). */
  pid: number;
  url: string;
  /** What it printed so far (stdout and stderr go to a file, not through this process). */
  output(): string;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** taskset core list, e.g. "0"; ignored when pinning is unavailable. */
  cores?: string;
  port: number;
  /** Polled until it answers 200. */
  readyPath: string;
  timeoutMs?: number;
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Starts a process in its own process group; resolves once `readyPath` answers 200. */
export async function startService(
  options: ServiceOptions,
): Promise<Service & { readyMs: number }> {
  const logDir = tempDir(`log-${options.name.replace(/\W+/g, '-')}`);
  const logFile = join(logDir, 'output.log');
  const fd = openSync(logFile, 'a');
  const [command, args] =
    options.cores && PINNING
      ? ['taskset', ['-c', options.cores, options.command, ...options.args]]
      : [options.command, options.args];
  const started = performance.now();
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`${options.name}: could not spawn ${command}`);
  const pid = child.pid;
  let exitCode: number | null = null;
  const exited = new Promise<void>((r) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? 128 : 0);
      r();
    }),
  );
  const output = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const service: Service = {
    name: options.name,
    pid,
    url: `http://127.0.0.1:${options.port}`,
    output,
    async stop() {
      running.delete(service);
      if (exitCode !== null) return;
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => killGroup(pid), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(service);

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const ready = `${service.url}${options.readyPath}`;
  for (;;) {
    if (exitCode !== null) {
      running.delete(service);
      throw new Error(`${options.name} exited with ${exitCode} before ready:\n${output()}`);
    }
    if (await answers200(ready)) break;
    if (Date.now() > deadline) {
      await service.stop();
      throw new Error(`${options.name}: ${ready} not ready in time:\n${output()}`);
    }
    await sleep(options.pollMs ?? 50);
  }
  return { ...service, readyMs: performance.now() - started };
}

function killGroup(pid: number) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** `node --import tsx <script>` pinned to `cores`: one process, so its pid is the server's. */
export function nodeTs(script: string, nodeArgs: string[] = []) {
  return { command: process.execPath, args: ['--import', TSX_LOADER, ...nodeArgs, script] };
}

// --- Teardown ----------------------------------------------------------------------------------

/** Stops every service still running and removes the temporary directories. */
export async function cleanup() {
  await Promise.all([...running].map((s) => s.stop()));
  if (!keepTemp) {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    tempDirs.clear();
  }
}

let interrupted = false;
/**
 * Runs `main`, then always stops what it started: on success, on an error, and on
 * Ctrl-C / SIGTERM (a second signal kills the process groups at once).
 */
export async function runMain(main: () => Promise<void>) {
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      for (const s of running) killGroup(s.pid);
      process.exit(130);
    }
    interrupted = true;
    console.error(`\n${signal}: stopping everything the bench started…`);
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Last resort if something calls process.exit() with services still up.
  process.on('exit', () => {
    for (const s of running) killGroup(s.pid);
  });
  try {
    await main();
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  } finally {
    if (!interrupted) await cleanup();
  }
}
