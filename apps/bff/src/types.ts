import type { CredentialRole, Organisation, PlayerConfig } from '@ptd/contracts';
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { AuditRepository } from './db/repositories/audit.ts';
import type { BulkBatchRepository } from './db/repositories/bulk-batches.ts';
import type { DatabaseHealthRepository } from './db/repositories/database-health.ts';
import type { IdempotencyRepository } from './db/repositories/idempotency.ts';
import type { LedgerRepository } from './db/repositories/ledger.ts';
import type { LedgerWriteBehind } from './db/repositories/ledger-write-behind.ts';
import type { PasswordResetRepository } from './db/repositories/password-resets.ts';
import type { PolicyRepository } from './db/repositories/policies.ts';
import type { RecoveryCodeRepository } from './db/repositories/recovery-codes.ts';
import type { SignInPendingRepository } from './db/repositories/sign-in-pending.ts';
import type { SignInThrottleRepository } from './db/repositories/sign-in-throttle.ts';
import type { StaffCredentialRepository } from './db/repositories/staff-credentials.ts';
import type { StaffSessionRepository } from './db/repositories/staff-sessions.ts';
import type { StaffRepository, StaffRow } from './db/repositories/staff.ts';
import type { Database } from './db/schema.ts';
import type { DatabaseOutage } from './db/unavailable.ts';
import type { KeyList } from './lib/crypto.ts';
import type { Secret } from './lib/secret.ts';
import type { BulkWorker } from './services/bulk/worker.ts';
import type { DeviceCookies } from './services/device-cookie.ts';
import type { KeySetCache } from './services/identity-keys/key-cache.ts';
import type { PasswordHasher } from './services/passwords.ts';
import type { StreamGroupNames } from './services/stream-groups/group-names.ts';
import type { StreamDirectory } from './services/tokens/stream-directory.ts';
import type { NanostreamClient } from './upstream/client.ts';

export interface UpstreamInfo {
  mode: 'embedded' | 'remote';
  tokenApiUrl: string;
  bintuApiUrl: string;
  player: PlayerConfig;
}

export interface AdminBootstrap {
  email: string;
  /** Set only on the first start without ADMIN_EMAIL/ADMIN_PASSWORD; server.ts prints it once. */
  generatedPassword: Secret | null;
  outcome: 'created' | 'reset' | 'unchanged' | 'existing-staff';
  /** ADMIN_EMAIL names an account of the OpenID provider: the password is its way in too. */
  singleSignOn?: true;
  /** Provider accounts whose ADMIN_PASSWORD this start took away (ADMIN_EMAIL names others). */
  ssoPasswordsRemoved?: string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    /** Milliseconds; the one clock every decision reads (tests move it). */
    now: () => number;
    db: Kysely<Database>;
    /**
     * Whether the database is known not to answer (a circuit breaker): the policy copy and the
     * rate limits, which have somewhere else to go meanwhile, skip it at once.
     */
    databaseOutage: DatabaseOutage;
    repos: {
      staff: StaffRepository;
      ledger: LedgerRepository;
      /** Viewer tokens' rows written behind their answers (VIEWER_LEDGER_WRITES=behind). */
      viewerRows: LedgerWriteBehind;
      audit: AuditRepository;
      idempotency: IdempotencyRepository;
      policies: PolicyRepository;
      sessions: StaffSessionRepository;
      credentials: StaffCredentialRepository;
      recoveryCodes: RecoveryCodeRepository;
      passwordResets: PasswordResetRepository;
      pendingSignIns: SignInPendingRepository;
      batches: BulkBatchRepository;
      signInThrottle: SignInThrottleRepository;
      health: DatabaseHealthRepository;
    };
    /** LEDGER_KEY: the first seals stored secrets, every one opens them. */
    ledgerKeys: KeyList;
    passwords: PasswordHasher;
    /** Signs and checks the sign-in device cookie (keys derived from the session keys). */
    deviceCookies: DeviceCookies;
    nanostream: NanostreamClient;
    /** The organisation's streams and groups, read from bintu at most once a minute. */
    streamDirectory: StreamDirectory;
    /** Stream groups by id, each asked of bintu on its own (any age), cached a few minutes. */
    streamGroupNames: StreamGroupNames;
    /** The credential's organisation, cached briefly. */
    organisation: () => Promise<Organisation>;
    /** Its bintu id: what its tokens carry as `sub`. */
    organisationId: () => Promise<string>;
    /** The nanoStream role of the configured credential; null until nanoStream could tell. */
    credentialRole: () => Promise<CredentialRole | null>;
    upstreamInfo: UpstreamInfo;
    adminBootstrap: AdminBootstrap;
    /** Sites' key sets (JWKS) for viewer identities, fetched under SSRF rules and cached. */
    identityKeys: KeySetCache;
    /** Mints the rows of bulk batches in the background. */
    bulkWorker: BulkWorker;
  }

  interface FastifyRequest {
    /** The signed-in staff member, re-read from the database on every request. */
    staff: StaffRow | null;
    /**
     * The session record this request's cookie names, when it is live; `provedAt`: when the
     * person last proved themselves (sign-in or a confirmation).
     */
    staffSession: { id: string; provedAt: number } | null;
  }

  interface FastifyContextConfig {
    /** `origin-only`: the route runs before a session exists (sign-in), so no CSRF token. */
    csrf?: 'origin-only';
    /**
     * `errors-only`: answers below 400 get no request log line, because something else already
     * records each one (a viewer token's ledger row). Refusals (4xx) and failures (5xx) are
     * logged, but at a flood's rate only the first of each in 10 s, then one line of counts
     * (app.ts).
     */
    requestLog?: 'errors-only';
    /**
     * `optional`: a route outside /api that reads the session cookie when one is sent (who is
     * asking changes the answer), and answers as to anyone when it names no live session or
     * the session cannot be read (the database down).
     */
    session?: 'optional';
  }
}

declare module '@fastify/secure-session' {
  interface SessionData {
    /** The session's secret; the database keeps only its hash (table `staff_session`). */
    sid: string;
    csrf: string;
    /** A sign-in past its password awaiting a step (table `sign_in_pending`); no `sid` then. */
    pending: string;
  }
}
