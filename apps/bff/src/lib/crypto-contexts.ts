/*
 * What each kind of sealed value is bound to: the associated data of its encryption
 * (lib/crypto.ts), naming the kind and the row. A value copied to another row, or to a column
 * of another kind, then fails to open. Defined together so that no two kinds can produce the
 * same string. The strings are part of stored data: changing one makes every value already
 * sealed under it unreadable.
 */

/** The prefix of each kind; none is the beginning of another (test/lib/crypto-contexts.test.ts). */
export const CONTEXT_PREFIXES = {
  token: 'ledger:',
  policySecret: 'policy-secret:',
  totp: 'totp:',
  bulkRow: 'bulk:',
} as const;

/** A ledger row's token. */
export const tokenContext = (ledgerId: string) => `${CONTEXT_PREFIXES.token}${ledgerId}`;

/** A policy's identity secret. */
export const secretContext = (policyId: string) => `${CONTEXT_PREFIXES.policySecret}${policyId}`;

/** A staff member's TOTP secret (the enrolled one and one being enrolled). */
export const totpContext = (staffId: string) => `${CONTEXT_PREFIXES.totp}${staffId}`;

/** A bulk batch row's token. */
export const rowContext = (batchId: string, n: number) =>
  `${CONTEXT_PREFIXES.bulkRow}${batchId}:${n}`;

/**
 * A stored idempotent answer. Older than the prefixes and kept as it was (answers are stored
 * sealed): it begins with the staff member's id, a UUID, and no UUID begins with a prefix (each
 * has a letter or a colon within its first two characters that a UUID cannot have).
 */
export const answerContext = (id: { staffId: string; scope: string; key: string }) =>
  `${id.staffId}:${id.scope}:${id.key}`;

/**
 * The hash of an idempotent request's body, sealed in the same row as its answer. Prefixed, so it
 * cannot equal an answer's context: a key may itself hold colons.
 */
export const bodyHashContext = (id: { staffId: string; scope: string; key: string }) =>
  `body:${answerContext(id)}`;

/** A body hash as rows kept it before it was sealed: a plain sha256, 64 hex digits. */
export const isPlainBodyHash = (stored: string) => /^[0-9a-f]{64}$/.test(stored);

/**
 * The labels of keys derived from a configured key list (`deriveKey` in lib/crypto.ts), one per
 * use. Like the contexts, each is part of what was stored or handed out under it.
 */
export const KEY_LABELS = {
  /** Signs the sign-in device cookie (from SESSION_KEYS). */
  deviceCookie: 'ptd device cookie v1',
} as const;
