import type { Role } from '@ptd/contracts';
import type { Generated } from 'kysely';

/**
 * Table shapes. Times are integers: token times (`issued_at`, `not_before`, `expires_at`) in
 * UNIX seconds like the JWT claims, bookkeeping times in milliseconds. Booleans are 0/1 and
 * JSON is text so the same SQL runs on SQLite and PostgreSQL.
 */
export interface StaffTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  role: Role;
  disabled: number;
  created_at: number;
  last_sign_in_at: number | null;
  /** The first admin's generated password: good once, to reach the form that replaces it. */
  must_change_password: Generated<number>;
  password_changed_at: number | null;
  /** Base32 TOTP secret, sealed with the ledger key (context `totp:<id>`); never leaves the BFF. */
  totp_secret: string | null;
  /** Two-factor sign-in is on since then; null while off (even with a secret being enrolled). */
  totp_enabled_at: number | null;
  /** The last accepted time step: a code is accepted once, and none older after it. */
  totp_last_step: number | null;
  /** A secret shown for enrolment, sealed like `totp_secret`, until its first code confirms it. */
  totp_pending_secret: string | null;
  /** The OpenID provider that provisioned this account (null: a local account with a password). */
  sso_issuer: Generated<string | null>;
  /** The provider's `sub` for this person, unique per issuer. */
  sso_subject: Generated<string | null>;
}

/** `issuing` before the token service answers; see migration 006. */
export type LedgerState = 'issuing' | 'issued' | 'never_delivered';

export interface LedgerTable {
  id: string;
  /** `attempt:<id>` until the token service's answer names the token. */
  jti: string;
  kind: 'staff' | 'viewer';
  policy_id: string | null;
  target: string;
  issued_at: number;
  not_before: number;
  expires_at: number;
  revocable: number;
  force_disconnect: number;
  ip: string | null;
  domain: string | null;
  viewer_user: string | null;
  tag: string | null;
  claims: string;
  created_by: string | null;
  created_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
  /** AES-256-GCM, only for revocable tokens; never leaves the BFF. */
  encrypted_token: string | null;
  state: Generated<LedgerState>;
  /** A revoke was sent at this time (ms) and its outcome is not known yet. */
  revocation_requested_at: Generated<number | null>;
  revocation_requested_by: Generated<string | null>;
  /** The bulk batch it was minted in (migration 015). */
  batch_id: Generated<string | null>;
  /** Its row in that batch (1-based; migration 027). */
  batch_row: Generated<number | null>;
  // `target_type` (migration 024) is computed by the database from `target` and never written:
  // only the target type filter reads it, by name (ledger-conditions.ts).
}

/** One row per stream name or group id a token names: the stream filter's index. */
export interface LedgerTargetTable {
  ledger_id: string;
  value: string;
  /** The ledger row's created_at, so the stream filter pages by one index. */
  created_at: number;
}

/** Each distinct tag, viewer user and target value once: what the text filters search. */
export interface LedgerTermTable {
  field: LedgerTermField;
  value: string;
  /** The value's search key (lower case, NFKC): what a filter's text is matched against. */
  value_lc: string;
  /** When a row with this value was last inserted (ms; updated at most daily). */
  seen_at: number;
}

export type LedgerTermField = 'tag' | 'user' | 'target';

/** Tokens that retention removed, per day of creation (UTC), kind and policy ('' for none). */
export interface LedgerDailyTable {
  day: string;
  kind: 'staff' | 'viewer';
  policy_id: string;
  tokens: number;
}

/** Who issued a token, as the event overview counts it: staff in bulk apart from one by one. */
export type RollupKind = 'staff' | 'bulk' | 'viewer';

/** Tokens created per UTC hour (ms), kind and policy ('' for none); migration 017. */
export interface LedgerHourlyTable {
  hour: number;
  kind: RollupKind;
  policy_id: string;
  tokens: number;
}

/** Viewer tokens created per minute (ms) and policy, for the last two days; migration 017. */
export interface LedgerMinuteTable {
  minute: number;
  kind: RollupKind;
  policy_id: string;
  tokens: number;
}

export interface PolicyTable {
  id: string;
  name: string;
  /** JSON of the token target. */
  target: string;
  /** The group id of a group target, else null (the `{ groupid }` lookup). */
  group_id: string | null;
  lifetime_minutes: number;
  bind_ip: number;
  allow_ipv6_without_binding: number;
  /** JSON array of origins, e.g. `https://www.example.com`, `http://localhost:8080`. */
  allowed_origins: string;
  revocable: number;
  force_disconnect: number;
  tag: string | null;
  identity_mode: 'none' | 'secret' | 'jwks';
  /** AES-256-GCM with the ledger key; never leaves the BFF. */
  identity_secret: string | null;
  identity_jwks_url: string | null;
  /** JSON array of the keys found at the JWKS URL when saved (kid, kty, alg, crv). */
  identity_jwks_keys: string | null;
  identity_issuer: string | null;
  identity_audience: string | null;
  enabled: number;
  created_by: string | null;
  created_at: number;
  updated_by: string | null;
  updated_at: number;
}

export interface AuditTable {
  id: string;
  at: number;
  actor_id: string | null;
  action: string;
  subject: string | null;
  ip: string | null;
  details: string;
  /** When the entry was also written to the log (AUDIT_LOG_LINES); null: not yet. */
  logged_at?: number | null;
}

export interface IdempotencyTable {
  staff_id: string;
  scope: string;
  key: string;
  body_hash: string;
  state: 'pending' | 'done';
  status_code: number | null;
  /** The stored answer, sealed with the ledger key (it may hold a token). */
  response: string | null;
  created_at: number;
  expires_at: number;
  /** The claim that holds the key (a random id per claim); see migration 006. */
  lease_owner: Generated<string | null>;
}

/** Failed sign-ins per throttle key; times in milliseconds. */
export interface SignInThrottleTable {
  key: string;
  failures: number;
  last_failure_at: number;
  /** Until then, attempts under this key are answered 429 without a password check. */
  blocked_until: number;
}

/** Why a session ended (`staff_session.end_reason`); see services/sessions/end.ts. */
export type SessionEndReason =
  | 'signed-out'
  | 'signed-in-again'
  | 'ended-by-owner'
  | 'ended-by-admin'
  | 'account-disabled'
  | 'role-lowered'
  | 'password-changed'
  | 'password-reset'
  | 'two-factor-reset'
  | 'two-factor-required'
  | 'idle'
  | 'expired';

/** A staff member's signed-in session; times in milliseconds. */
export interface StaffSessionTable {
  /** UUIDv7: names the session in the API; opens nothing. */
  id: string;
  /** SHA-256 (base64url) of the secret in the session cookie. */
  secret_hash: string;
  staff_id: string;
  created_at: number;
  /** Moved at most once a minute (services/sessions/touch). */
  last_seen_at: number;
  /** When the person last proved themselves (sign-in or a confirmation); null: `created_at`. */
  proved_at: number | null;
  ended_at: number | null;
  end_reason: SessionEndReason | null;
  /** Who ended it (a staff id), when someone did. */
  ended_by: string | null;
  ip: string | null;
  user_agent: string | null;
}

/** One-time recovery codes: `salt.sha256` of each (base64url), never the code. */
export interface RecoveryCodeTable {
  id: string;
  staff_id: string;
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

/** Set-password links an admin issued; times in milliseconds. */
export interface PasswordResetTable {
  id: string;
  /** SHA-256 (base64url) of the link's secret. */
  secret_hash: string;
  staff_id: string;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export type SignInStageValue = 'two-factor' | 'enrol-two-factor' | 'change-password';

/** A sign-in past its password, waiting for its next step; no session exists yet. */
export interface SignInPendingTable {
  id: string;
  /** SHA-256 (base64url) of the secret in the cookie. */
  secret_hash: string;
  staff_id: string;
  stage: SignInStageValue;
  created_at: number;
  expires_at: number;
}

export type BulkBatchState = 'minting' | 'finished' | 'cancelled';
export type BulkRowState = 'pending' | 'minting' | 'minted' | 'failed' | 'cancelled';

/** Tokens in bulk (migration 015); times in milliseconds. */
export interface BulkBatchTable {
  id: string;
  created_by: string;
  created_at: number;
  ip: string | null;
  /** JSON of the token target, for the page and the audit log. */
  target: string;
  row_count: number;
  state: BulkBatchState;
  finished_at: number | null;
  /** The one download of the results; the tokens are erased with it. */
  downloaded_at: number | null;
  /** Never downloaded: the sealed tokens were erased then (a week after minting ended). */
  results_expired_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  /**
   * When the current run began (creation, a retry, minting cancelled rows, a worker taking it
   * over) and how many rows were settled (minted, failed, cancelled) then; migration 025.
   */
  run_started_at: number;
  run_settled: number;
}

export interface BulkRowTable {
  batch_id: string;
  /** 1-based, as the preview numbers rows. */
  n: number;
  /** JSON of the row's validated token request input. */
  request: string;
  viewer_user: string | null;
  tag: string | null;
  state: BulkRowState;
  ledger_id: string | null;
  /** AES-256-GCM with the ledger key until the results are downloaded. */
  encrypted_token: string | null;
  error_code: string | null;
  /** Why it failed, in the dashboard's words. */
  error_message: string | null;
  /** Not to be tried again before then (the token service asked us to slow down). */
  not_before_ms: number | null;
}

/** A revoke by filter (migration 016); times in milliseconds. */
export interface BulkRevocationTable {
  id: string;
  created_by: string | null;
  created_at: number;
  /** The filter as JSON (no secret: the overview's own query). */
  filter: string;
  own_only: number;
  state: 'running' | 'done';
  /** Moved by the running process; a running job whose heartbeat stopped was interrupted. */
  heartbeat_at: number;
  finished_at: number | null;
  /** Stop revoking: who asked, and when; the runner leaves the rest (`stopped`). */
  stopped_by: Generated<string | null>;
  stopped_at: Generated<number | null>;
  /**
   * When the current run began (creation, a retry, a runner taking it over) and how many
   * tokens were settled (not pending) then; migration 025.
   */
  run_started_at: number;
  run_settled: number;
  /**
   * The run that holds the job now (creation, a retry, a runner taking it over; migration
   * 026): only it beats, settles tokens and ends the job. Null until an older job runs again.
   */
  run_id: string | null;
  /** Who runs it now, as whom a takeover goes on: its starter, or who retried it last. */
  run_by: string | null;
}

/** `stopped`: left as it was because someone stopped the job before its turn. */
export type BulkRevocationOutcome = 'pending' | 'revoked' | 'skipped' | 'failed' | 'stopped';

export interface BulkRevocationItemTable {
  job_id: string;
  ledger_id: string;
  outcome: BulkRevocationOutcome;
  /** Why it was skipped or failed, in the dashboard's words. */
  message: string | null;
}

export interface Database {
  staff: StaffTable;
  ledger: LedgerTable;
  ledger_target: LedgerTargetTable;
  ledger_term: LedgerTermTable;
  ledger_daily: LedgerDailyTable;
  ledger_hourly: LedgerHourlyTable;
  ledger_minute: LedgerMinuteTable;
  policy: PolicyTable;
  audit_log: AuditTable;
  idempotency: IdempotencyTable;
  sign_in_throttle: SignInThrottleTable;
  staff_session: StaffSessionTable;
  recovery_code: RecoveryCodeTable;
  password_reset: PasswordResetTable;
  sign_in_pending: SignInPendingTable;
  bulk_batch: BulkBatchTable;
  bulk_row: BulkRowTable;
  bulk_revocation: BulkRevocationTable;
  bulk_revocation_item: BulkRevocationItemTable;
}
