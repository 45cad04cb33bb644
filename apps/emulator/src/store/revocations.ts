import { z } from 'zod';
import { dataFile, readJsonFile, writeJsonFileAtomic } from './data-dir.ts';

const FILE = 'revocations.json';

const entrySchema = z.object({ sub: z.string(), exp: z.number(), revokedAt: z.number() });
const fileSchema = z.object({ version: z.literal(1), revoked: z.record(z.string(), entrySchema) });
export type Revocation = z.infer<typeof entrySchema>;

/**
 * Revoked token ids (jti), kept in memory for lookups and written to the data directory on
 * every change, so a revocation outlives a restart exactly like the real service's.
 */
export class RevocationStore {
  private readonly revoked = new Map<string, Revocation>();
  // Writes are chained so two quick revocations never race on the rename.
  private pending: Promise<void> = Promise.resolve();

  private constructor(private readonly path: string) {}

  static async open(dataDir: string): Promise<RevocationStore> {
    const store = new RevocationStore(dataFile(dataDir, FILE));
    const raw = await readJsonFile(store.path);
    if (raw !== undefined) {
      for (const [jti, entry] of Object.entries(fileSchema.parse(raw).revoked)) {
        store.revoked.set(jti, entry);
      }
    }
    return store;
  }

  isRevoked(jti: string): boolean {
    return this.revoked.has(jti);
  }

  get(jti: string): Revocation | undefined {
    return this.revoked.get(jti);
  }

  /** Idempotent: revoking twice keeps the first revocation time. */
  async revoke(jti: string, entry: Revocation): Promise<void> {
    if (this.revoked.has(jti)) return this.pending;
    this.revoked.set(jti, entry);
    const snapshot = { version: 1 as const, revoked: Object.fromEntries(this.revoked) };
    // A failed earlier write must not block this one; its caller already saw the error.
    const write = this.pending
      .catch(() => undefined)
      .then(() => writeJsonFileAtomic(this.path, snapshot));
    this.pending = write.catch(() => undefined);
    return write;
  }

  /** Resolves once every write started so far is on disk. */
  flush(): Promise<void> {
    return this.pending;
  }
}
