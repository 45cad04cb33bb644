import type { BintuOrganisation, StreamState } from '@ptd/contracts';

/** Bintu roles, mirroring nanoAdmin / nanoUser / nanoReadOnly. An API key acts as admin. */
export type Role = 'admin' | 'user' | 'readonly';

/** Which auth header a credential is sent in. */
export type CredentialKind = 'apikey' | 'token';

export interface Credential {
  kind: CredentialKind;
  value: string;
  orgId: string;
  role: Role;
}

export type Organisation = BintuOrganisation;

/**
 * The facts of a stream. Host-dependent parts of the bintu object (ingest URL, playout
 * page URL) are derived per request, so the same seed serves any emulator address.
 */
export interface StreamRecord {
  id: string;
  orgId: string;
  /** `ORGHASH-xxxxx`, what a token's `streams` claim lists. */
  name: string;
  state: StreamState;
  tags: readonly string[];
  /** ISO 8601 UTC. */
  createdAt: string;
  /** Equals `id` for a plain stream and for an ABR parent; renditions carry the parent's id. */
  streamgroup: string;
  /** Transcoding profile of an ABR rendition (e.g. `vtrans2-852x480x800x25`). */
  profile?: string;
}
