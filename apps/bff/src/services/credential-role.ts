import type { CredentialRole } from '@ptd/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { HttpError } from '../lib/errors.ts';
import type { NanostreamClient } from '../upstream/client.ts';

const RETRY_MS = 30_000;

export interface CredentialRoleSource {
  /** The role, or null while nanoStream could not tell (asked again at most every 30 s). */
  get(): Promise<CredentialRole | null>;
}

/**
 * The nanoStream role of the configured credential, learnt once: a bintu token keeps its role
 * for its whole life (changing a user's role invalidates its tokens), so only a failed attempt
 * is repeated.
 */
export function credentialRoleSource(
  client: NanostreamClient,
  now: () => number,
  log: FastifyBaseLogger,
): CredentialRoleSource {
  let role: CredentialRole | null = null;
  let nextTry = 0;
  let pending: Promise<CredentialRole | null> | undefined;

  const learn = async () => {
    try {
      role = await client.getCredentialRole();
      if (role === 'nanoReadOnly') {
        log.warn('the nanoStream credential is read-only: token creation and revocation are off');
      }
    } catch (error) {
      nextTry = now() + RETRY_MS;
      log.warn(
        { code: error instanceof HttpError ? error.code : 'internal' },
        'the nanoStream credential’s role could not be learnt yet',
      );
    }
    return role;
  };

  return {
    async get() {
      if (role !== null || now() < nextTry) return role;
      pending ??= learn().finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}

/** Refused before anything is written or sent upstream; `what` says what cannot be done. */
export const readOnlyCredential = (what = 'create or revoke tokens') =>
  new HttpError(
    403,
    'credential-read-only',
    `The dashboard’s nanoStream credential is read-only (nanoReadOnly): it can show streams and tokens but cannot ${what}. An administrator must configure a nanoUser or nanoAdmin bintu token (or the organisation API key).`,
  );
