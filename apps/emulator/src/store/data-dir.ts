import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Files in the data directory hold a private key and revocations: owner-only access. */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export async function ensureDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: DIR_MODE });
}

/** Reads a JSON file, or `undefined` when it does not exist yet. */
export async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes through a temporary file and a rename so a crash never leaves half a file behind;
 * the mode is set on the temporary file, before the content becomes visible.
 */
export async function writeJsonFileAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${randomUUID()}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2), { mode: FILE_MODE });
  await chmod(tmp, FILE_MODE); // the umask may have narrowed or the file may have existed
  await rename(tmp, path);
}

/**
 * Creates the file only if it does not exist (`wx`), so two processes starting on the same
 * data directory agree on one winner. Returns false when the file was already there.
 */
export async function createJsonFileExclusive(path: string, value: unknown): Promise<boolean> {
  try {
    await writeFile(path, JSON.stringify(value, null, 2), { mode: FILE_MODE, flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

export const dataFile = (dataDir: string, name: string) => join(dataDir, name);
