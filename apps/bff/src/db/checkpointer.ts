import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * The process's program: the JavaScript file beside this module, from source (tests,
 * `pnpm dev`) as from the bundle (`pnpm start`, where scripts/build.mjs writes it beside
 * dist/server.mjs). Node runs it as it is: no loader to start for each database.
 */
export const CHECKPOINT_PROGRAM = fileURLToPath(new URL('checkpoint-process.mjs', import.meta.url));

/** Below the app's own priority: on a busy core the requests come first. */
const NICENESS = 10;
const STOP_TIMEOUT_MS = 2000;

export interface CheckpointerOptions {
  /** The SQLite database file (in WAL mode). */
  file: string;
  everyMs: number;
  /** The process checkpoints from now on: the app's connection may stop doing it. */
  onReady: () => void;
  /** The process could not start or failed: the app's connection must checkpoint again. */
  onFailure: (reason: string) => void;
}

export interface Checkpointer {
  /** Ends the process (and waits for it); call before closing the app's connection. */
  stop(): Promise<void>;
}

/**
 * SQLite in WAL mode must copy committed pages from the WAL into the database file and sync
 * it (a checkpoint). On the app's own connection that blocks the event loop for as long as
 * the copy and the syncs take, mostly waiting for the disk: ~90 ms every second at 1,000 token
 * creations a second, and every request in flight waits with it. Here a separate process with
 * its own connection checkpoints every `everyMs`, so the app never waits for it; WAL mode lets
 * the app keep committing meanwhile.
 *
 * A process, not a worker thread: better-sqlite3 12 aborts Node 24 when a thread that loaded
 * it ends. It runs at a lower priority, so on a saturated core it takes only idle time.
 */
export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  let child: ChildProcess | undefined;
  let state: 'starting' | 'running' | 'failed' | 'stopped' = 'starting';
  const fail = (reason: string) => {
    if (state === 'failed' || state === 'stopped') return;
    state = 'failed';
    child?.kill('SIGKILL');
    options.onFailure(reason);
  };
  try {
    child = fork(CHECKPOINT_PROGRAM, [], {
      execPath: process.execPath,
      // Not the app's own flags (a test runner's, a debugger's): the program needs none.
      execArgv: [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: {
        PTD_SQLITE_FILE: options.file,
        PTD_CHECKPOINT_EVERY_MS: String(options.everyMs),
      },
    });
  } catch (error) {
    fail(`the checkpoint process did not start (${(error as Error).message})`);
    return { stop: async () => {} };
  }
  const proc = child;
  // Neither the process nor its channel keeps the app alive.
  proc.unref();
  proc.channel?.unref();
  if (proc.pid !== undefined) {
    try {
      setPriority(proc.pid, NICENESS);
    } catch {
      // Not permitted here: it then simply shares the core as an equal.
    }
  }
  proc.on('message', (message: unknown) => {
    if (message === 'ready') {
      if (state !== 'starting') return;
      state = 'running';
      options.onReady();
    } else if (message && typeof message === 'object' && 'error' in message) {
      fail(`checkpoint failed: ${String(message.error)}`);
    }
  });
  proc.once('error', (error) => fail(`the checkpoint process failed: ${error.message}`));
  proc.once('exit', (code, signal) =>
    fail(`the checkpoint process exited (${signal ?? `code ${String(code)}`})`),
  );
  return {
    async stop() {
      if (state === 'stopped') return;
      const running = state === 'running';
      state = 'stopped';
      if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          proc.kill('SIGKILL');
          resolve();
        }, STOP_TIMEOUT_MS);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        try {
          // A running process finishes the checkpoint under way; one still starting has
          // nothing to finish (and may not listen yet). Killing it is safe either way: an
          // interrupted checkpoint leaves the WAL whole and the next one starts over.
          if (running && proc.connected) proc.send('stop');
          else proc.kill('SIGKILL');
        } catch {
          proc.kill('SIGKILL');
        }
      });
    },
  };
}
