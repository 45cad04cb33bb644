import type { StoredSecretRepository } from '../db/repositories/stored-secrets.ts';
import { openWithKeyIndex, seal, type KeyList } from '../lib/crypto.ts';

export interface ResealOutcome {
  /** Values found under an older key and sealed again under the first. */
  resealed: number;
  /** Values no configured key opens (a key was dropped too early, or replaced). */
  unreadable: number;
}

/**
 * LEDGER_KEY rotation. Once a new key is put first, this re-encrypts under it everything still
 * needed that an older key sealed (what that is: `StoredSecretRepository.stillNeeded`).
 * Afterwards the older key can be dropped.
 */
export async function resealStoredSecrets(
  secrets: StoredSecretRepository,
  keys: KeyList,
  nowMs: number,
): Promise<ResealOutcome> {
  let unreadable = 0;
  const changes = [];
  for (const secret of await secrets.stillNeeded(nowMs)) {
    try {
      const { plaintext, keyIndex } = openWithKeyIndex(keys, secret.sealed, secret.context);
      if (keyIndex > 0) changes.push({ secret, sealed: seal(keys, plaintext, secret.context) });
    } catch {
      unreadable += 1;
    }
  }
  await secrets.replace(changes);
  return { resealed: changes.length, unreadable };
}
