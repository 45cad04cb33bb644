import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker moves committed pages from the WAL into the database file. */
const INTERVAL_MS = 1000;

/*
 * Runs in the worker, as CommonJS source (so it works the same under tsx, the esbuild bundle
 * and vitest, without a file of its own to locate). Its own connection to the same file.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage('stopped');
});
parentPort.postMessage('ready');
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * SQLite in WAL mode appends every commit to the WAL and, every 1000 pages, copies them into
 * the database file and syncs it, inside whichever commit crossed the line: a request that
 * happened to pay for it waited for the copy and two fsyncs (p99 at one connection 21 ms
 * instead of 6). Here the request connection never checkpoints (`wal_autocheckpoint = 0`);
 * a worker thread with its own connection does it once a second, off the event loop, and
 * copies a page that was rewritten many times in that second only once.
 *
 * If the worker cannot start or fails, the request connection checkpoints by itself again
 * (`onFallback`), so the WAL never grows without bound.
 */
export async function startCheckpointer(
  file: string,
  onFallback: (reason: string) => void,
): Promise<Checkpointer> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, intervalMs: INTERVAL_MS },
  });
  worker.unref();
  let stopped = false;
  let fellBack = false;
  const fallBack = (reason: string) => {
    if (stopped || fellBack) return;
    fellBack = true;
    onFallback(reason);
  };
  await new Promise<void>((resolve) => {
    worker.on('message', (message: unknown) => {
      if (message === 'ready') resolve();
      else if (message && typeof message === 'object' && 'error' in message) {
        fallBack(`checkpoint failed: ${String(message.error)}`);
      }
    });
    worker.once('error', (error) => {
      fallBack(`checkpoint worker failed: ${error.message}`);
      resolve();
    });
    worker.once('exit', (code) => {
      fallBack(`checkpoint worker exited (${code})`);
      resolve();
    });
  });
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      if (fellBack) {
        await worker.terminate();
        return;
      }
      await new Promise<void>((resolve) => {
        worker.on('message', (message: unknown) => message === 'stopped' && resolve());
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      });
      await worker.terminate();
    },
  };
}
