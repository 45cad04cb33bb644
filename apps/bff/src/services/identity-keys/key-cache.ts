import { createLocalJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import { KeySetError } from './fetch-key-set.ts';
import type { LoadedKeys } from './key-summary.ts';

export const KEY_CACHE = {
  /** Keys are fetched again after this long, when next needed. */
  ttlMs: 10 * 60_000,
  /** At most one fetch per URL in this time, whatever asks: expiry, an unknown kid, a failure. */
  cooldownMs: 30_000,
} as const;

type Outcome = 'fetched' | 'failed' | 'skipped';

interface Entry {
  keys?: { verify: JWTVerifyGetKey; fetchedAt: number };
  attemptedAt: number;
  /** The last attempt's failure, cleared by a success. */
  error?: KeySetError;
  pending?: Promise<Outcome>;
}

export interface KeyCacheDeps {
  now: () => number;
  load: (url: string) => Promise<LoadedKeys>;
  onError: (url: string, error: KeySetError) => void;
}

/**
 * Sites' key sets for viewer identities. Anonymous requests decide when keys are needed, so
 * they must not decide how often the BFF fetches: one fetch at a time per URL, shared by every
 * request waiting for it, and none within the cooldown of the last attempt.
 */
export class KeySetCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly deps: KeyCacheDeps) {}

  private entry(url: string): Entry {
    let entry = this.entries.get(url);
    if (!entry) {
      entry = { attemptedAt: Number.NEGATIVE_INFINITY };
      this.entries.set(url, entry);
    }
    return entry;
  }

  /** A fetch now (staff saving a policy), whose keys then serve viewers. */
  async fetchNow(url: string): Promise<LoadedKeys> {
    const loaded = await this.deps.load(url);
    this.store(this.entry(url), loaded);
    return loaded;
  }

  private store(entry: Entry, loaded: LoadedKeys) {
    const now = this.deps.now();
    entry.keys = { verify: createLocalJWKSet(loaded.jwks), fetchedAt: now };
    entry.attemptedAt = now;
    entry.error = undefined;
  }

  private refresh(url: string, entry: Entry): Promise<Outcome> {
    if (entry.pending) return entry.pending;
    if (this.deps.now() - entry.attemptedAt < KEY_CACHE.cooldownMs) {
      return Promise.resolve('skipped');
    }
    entry.attemptedAt = this.deps.now();
    entry.pending = this.deps
      .load(url)
      .then(
        (loaded): Outcome => {
          this.store(entry, loaded);
          return 'fetched';
        },
        (error: unknown): Outcome => {
          entry.error =
            error instanceof KeySetError
              ? error
              : new KeySetError('the key set cannot be loaded.', 'unavailable');
          this.deps.onError(url, entry.error);
          return 'failed';
        },
      )
      .finally(() => {
        entry.pending = undefined;
      });
    return entry.pending;
  }

  /** jose's key lookup for `jwtVerify`, over this cache. */
  getKey(url: string): JWTVerifyGetKey {
    return async (header, token) => {
      const entry = this.entry(url);
      const keys = entry.keys;
      if (!keys || this.deps.now() - keys.fetchedAt >= KEY_CACHE.ttlMs) {
        // Stale keys still serve while the site cannot answer.
        await this.refresh(url, entry);
      }
      if (!entry.keys) throw entry.error ?? new KeySetError('not loaded yet.', 'unavailable');
      try {
        return await entry.keys.verify(header, token);
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
        // A key the site may have added since: look once, unless that was just done.
        const outcome = await this.refresh(url, entry);
        if (entry.error && outcome !== 'fetched') throw entry.error;
        if (outcome !== 'fetched') throw error;
        return entry.keys.verify(header, token);
      }
    };
  }
}
