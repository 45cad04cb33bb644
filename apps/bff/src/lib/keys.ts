import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Creates the data directory readable by the service user only. */
export async function ensureDataDir(dataDir: string) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
}

/**
 * Reads a 32-byte base64 key from `file`, or creates one (mode 0600) on first start. The key
 * is written to a file of its own and then linked into place, which fails if the name exists:
 * processes started together all read the one winner's key, and none reads a half-written file.
 */
export async function loadOrCreateKey(dataDir: string, name: string): Promise<Buffer> {
  await ensureDataDir(dataDir);
  const file = path.join(dataDir, name);
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(draft, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    await link(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  // A file copied in by hand may carry wider permissions; a key must not.
  await chmod(file, 0o600);
  const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  if (key.length !== 32) {
    throw new Error(`${file} does not hold a 32-byte base64 key; fix or delete it.`);
  }
  return key;
}
