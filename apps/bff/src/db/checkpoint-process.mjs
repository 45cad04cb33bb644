// @ts-check
/*
 * The checkpointing process (started by checkpointer.ts, never imported). It gets nothing from
 * the app but the database file and the interval: no credential in its environment. Plain
 * JavaScript (type-checked through its JSDoc), so that node runs it as it is, from the source
 * as from the build: no TypeScript loader to start with each app's database.
 */
import Database from 'better-sqlite3';

/**
 * A message to the app. A channel that broke while this program was loading fails the write
 * (EPIPE) instead of closing first: the app has gone, so this process stops (with a callback,
 * the failure comes here instead of as an 'error' event that would end the process with the
 * database still open).
 * @param {unknown} message
 */
const send = (message) => {
  if (!process.connected) return;
  process.send?.(
    message,
    undefined,
    undefined,
    /** @param {Error | null} error */ (error) => {
      if (error) stop();
    },
  );
};
/** @param {unknown} error */
const report = (error) => send({ error: error instanceof Error ? error.message : String(error) });

/** @type {Database.Database} */
let db;
try {
  db = new Database(process.env.PTD_SQLITE_FILE ?? '', { fileMustExist: true });
  db.exec('PRAGMA busy_timeout = 5000');
} catch (error) {
  report(error);
  process.exit(1);
}

const timer = setInterval(() => {
  try {
    db.exec('PRAGMA wal_checkpoint(PASSIVE)');
  } catch (error) {
    report(error);
  }
}, Number(process.env.PTD_CHECKPOINT_EVERY_MS));

function stop() {
  clearInterval(timer);
  try {
    db.close();
  } finally {
    process.exit(0);
  }
}
process.on('message', (message) => {
  if (message === 'stop') stop();
});
// The app has gone (even without saying so): nothing left to checkpoint for.
process.on('disconnect', stop);
// It may have gone before this line ran (killed while this program was still loading): the
// channel is closed already and 'disconnect' will not come again.
if (!process.connected) stop();
// Ctrl-C or a service manager signals the whole process group; the app then stops this
// process itself once its own requests are done, instead of seeing it die first.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
send('ready');
