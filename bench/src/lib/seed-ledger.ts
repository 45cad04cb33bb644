import SQLite from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';

/** mulberry32: a small seeded PRNG, so every run seeds the same spread. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ORG = 'a0000000-0000-4000-8000-000000000000';
/** The emulator's Demo Events streams plus event streams of a year of work. */
export const SEED_STREAMS = [
  'DmEvt-CupFn',
  'DmEvt-Cncrt',
  'DmEvt-ArPrp',
  'DmEvt-JazzN',
  'DmEvt-Drby1',
  'DmEvt-Press',
  'DmEvt-VipLg',
  'DmEvt-Bkstg',
  'DmEvt-Mrthn',
  ...Array.from({ length: 51 }, (_, i) => `DmEvt-Ev${String(i + 1).padStart(3, '0')}`),
];
const GROUPS = [
  'a1000000-0000-4000-8000-000000000002',
  ...Array.from({ length: 7 }, (_, i) => `a1000000-0000-4000-8000-0000000001${i}0`),
];
/** Tags: a few hot ones (weekly shows), a long tail of one-off events. */
export const SEED_TAGS = Array.from({ length: 300 }, (_, i) =>
  i < 10
    ? [
        'press',
        'vip',
        'partner',
        'qa',
        'sponsor',
        'backstage',
        'staff',
        'cup-final',
        'jazz',
        'derby',
      ][i]!
    : `event-${String(i).padStart(3, '0')}`,
);
const POLICIES = ['pol-website', 'pol-app', 'pol-partner', 'pol-kiosk'];
const DAY_MS = 86_400_000;

export interface SeedResult {
  rows: number;
  targets: number;
  ms: number;
  staffIds: string[];
}

/**
 * Inserts `rows` ledger rows (and their ledger_target rows) straight into the BFF's SQLite
 * database in one transaction, with a year of history: most tokens expired, some active,
 * scheduled and revoked; streams/group/organisation targets; hot and long-tail tags; several
 * creators; a share of viewer tokens (policy, IP, domain, user) as issue 6 will add.
 */
export function seedLedger(dataDir: string, rows = 100_000, nowMs = Date.now()): SeedResult {
  const started = performance.now();
  const db = new SQLite(join(dataDir, 'dashboard.sqlite'));
  db.pragma('busy_timeout = 5000');
  const random = prng(7);
  const pick = <T>(list: readonly T[], skew = 1) =>
    list[Math.min(list.length - 1, Math.floor(random() ** skew * list.length))] as T;

  const existing = db.prepare('select id from staff').all() as { id: string }[];
  const insertStaff = db.prepare(
    `insert into staff (id, email, display_name, password_hash, role, disabled, created_at)
     values (?, ?, ?, ?, ?, 0, ?)`,
  );
  const insertLedger = db.prepare(
    `insert into ledger (id, jti, kind, policy_id, target, issued_at, not_before, expires_at,
       revocable, force_disconnect, ip, domain, viewer_user, tag, claims, created_by, created_at,
       revoked_at, revoked_by, encrypted_token)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertTarget = db.prepare(
    'insert into ledger_target (ledger_id, value, created_at) values (?, ?, ?)',
  );
  let targets = 0;

  const staffIds = db.transaction(() => {
    const ids = existing.map((s) => s.id);
    for (let i = 1; i <= 7; i += 1) {
      const id = randomUUID();
      insertStaff.run(
        id,
        `seed-staff-${i}@example.com`,
        `Seed staff ${i}`,
        'not-a-hash',
        i <= 2 ? 'admin' : 'editor',
        nowMs - 400 * DAY_MS,
      );
      ids.push(id);
    }
    for (let n = 0; n < rows; n += 1) {
      const id = randomUUID();
      const jti = randomUUID();
      // More tokens lately than a year ago.
      const createdAt = Math.floor(nowMs - 365 * DAY_MS * random() ** 1.6);
      const iat = Math.floor(createdAt / 1000);
      const viewer = random() < 0.3;
      const revocable = viewer ? random() < 0.7 : random() < 0.25;
      const lifetimeS = revocable
        ? pick([3600, 6 * 3600, 12 * 3600, 24 * 3600])
        : viewer
          ? pick([2 * 3600, 4 * 3600, 6 * 3600])
          : pick([
              2 * 3600,
              86_400,
              7 * 86_400,
              14 * 86_400,
              14 * 86_400,
              30 * 86_400,
              90 * 86_400,
            ]);
      const scheduled = !viewer && random() < 0.08;
      const nbf = scheduled ? iat + Math.floor(random() * 7 * 86_400) : iat;
      const exp = nbf + lifetimeS;
      const revokedAt =
        revocable && random() < 0.3
          ? Math.min(nowMs, createdAt + Math.floor(random() * lifetimeS * 1000))
          : null;
      const kindTarget = random();
      let target: Record<string, unknown>;
      let values: string[];
      if (kindTarget < 0.62) {
        const count = random() < 0.8 ? 1 : 2 + Math.floor(random() * 3);
        const streams = [...new Set(Array.from({ length: count }, () => pick(SEED_STREAMS, 1.8)))];
        target = { type: 'streams', streams };
        values = streams;
      } else if (kindTarget < 0.88) {
        const groupId = pick(GROUPS, 1.5);
        target = { type: 'group', groupId };
        values = [groupId];
      } else {
        target = { type: 'organisation' };
        values = [];
      }
      const tag = random() < 0.75 ? pick(SEED_TAGS, 2.5) : null;
      const ip = viewer
        ? `198.51.100.${Math.floor(random() * 254) + 1}`
        : random() < 0.05
          ? '203.0.113.7'
          : null;
      const domain = viewer
        ? pick(['www.example.com', 'app.example.com', 'partner.example.net'])
        : null;
      const user = viewer && random() < 0.5 ? `viewer-${Math.floor(random() * 20_000)}` : null;
      const creator = viewer ? null : pick(ids, 1.7);
      const claims: Record<string, unknown> = {
        aud: 'splay',
        iss: 'nanocosmos',
        sub: ORG,
        jti,
        iat,
        nbf,
        exp,
        ...(target.type === 'streams' ? { streams: target.streams } : {}),
        ...(target.type === 'group' ? { groupid: target.groupId } : {}),
        ...(target.type === 'organisation' ? { orgawide: true } : {}),
        ...(revocable ? { revocable: true } : {}),
        ...(tag ? { tag } : {}),
        ...(ip ? { ip } : {}),
        ...(domain ? { domain } : {}),
        ...(user ? { user } : {}),
      };
      insertLedger.run(
        id,
        jti,
        viewer ? 'viewer' : 'staff',
        viewer ? pick(POLICIES, 1.5) : null,
        JSON.stringify(target),
        iat,
        nbf,
        exp,
        revocable ? 1 : 0,
        random() < 0.05 ? 1 : 0,
        ip,
        domain,
        user,
        tag,
        JSON.stringify(claims),
        creator,
        createdAt,
        revokedAt,
        revokedAt === null ? null : pick(ids),
        revocable ? randomBytes(330).toString('base64url') : null,
      );
      for (const value of values) {
        insertTarget.run(id, value, createdAt);
        targets += 1;
      }
    }
    return ids;
  })();
  db.close();
  return { rows, targets, ms: performance.now() - started, staffIds };
}
