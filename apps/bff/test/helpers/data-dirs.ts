import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { dropTestDatabase } from './database.ts';

const makeDir = (prefix: string) => mkdtemp(path.join(tmpdir(), prefix));

/** A data directory and, on PostgreSQL, the test database named after it: both gone. */
export async function removeDir(dir: string) {
  await rm(dir, { recursive: true, force: true });
  await dropTestDatabase(dir);
}

/**
 * An empty DATA_DIR for the file, for apps (or processes) that reopen it one after another;
 * removed with its database afterwards.
 */
export function useTestDataDir(prefix: string): { readonly dir: string } {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await makeDir(prefix);
  });
  afterAll(() => dir && removeDir(dir));
  return {
    get dir() {
      if (dir === undefined) throw new Error('the data directory is used before its beforeAll ran');
      return dir;
    },
  };
}

/** Makes a fresh data directory on each call; each is removed, with its database, after its test. */
export function useTestDataDirs(prefix: string): (otherPrefix?: string) => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map(removeDir));
  });
  return async (otherPrefix = prefix) => {
    const dir = await makeDir(otherPrefix);
    dirs.push(dir);
    return dir;
  };
}
