import { randomBytes } from 'node:crypto';

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
/** The emulator's concert ABR group first (its renditions play in it). */
export const SEED_GROUPS = [
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
export const SEED_POLICIES = ['pol-website', 'pol-app', 'pol-partner', 'pol-kiosk'];
const DAY_MS = 86_400_000;

/** One ledger row in the BFF's column order, with its `ledger_target` values. */
export interface SeedRow {
  row: Record<string, string | number | null>;
  targets: string[];
}

/** Columns of `ledger` the seed writes (the rest keep their defaults). */
export const LEDGER_COLUMNS = [
  'id',
  'jti',
  'kind',
  'policy_id',
  'target',
  'issued_at',
  'not_before',
  'expires_at',
  'revocable',
  'force_disconnect',
  'ip',
  'domain',
  'viewer_user',
  'tag',
  'claims',
  'created_by',
  'created_at',
  'revoked_at',
  'revoked_by',
  'encrypted_token',
] as const;

/** A UUIDv7 from a time, as the BFF's ids are (time first, then random). */
function uuidV7(ms: number, random: () => number) {
  const hex = ms.toString(16).padStart(12, '0');
  const r = Array.from({ length: 10 }, () =>
    Math.floor(random() * 256)
      .toString(16)
      .padStart(2, '0'),
  ).join('');
  const variant = ((parseInt(r.slice(4, 6), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8)}-7${r.slice(0, 3)}-${variant}${r.slice(6, 8)}-${r.slice(8)}`;
}

/**
 * `rows` ledger rows in the order a dashboard writes them (oldest first, UUIDv7 ids), with a
 * year of history: more tokens lately than a year ago, most expired, some active, scheduled and
 * revoked; streams/group/organisation targets; hot and long-tail tags; several creators; 30 %
 * viewer tokens (policy, IP, domain, user).
 */
export function* ledgerRows(rows: number, nowMs: number, staffIds: string[]): Generator<SeedRow> {
  const random = prng(7);
  const pick = <T>(list: readonly T[], skew = 1) =>
    list[Math.min(list.length - 1, Math.floor(random() ** skew * list.length))] as T;
  const times = Float64Array.from(
    { length: rows },
    () => nowMs - 365 * DAY_MS * random() ** 1.6,
  ).sort();
  for (let n = 0; n < rows; n += 1) {
    const createdAt = Math.floor(times[n]!);
    const id = uuidV7(createdAt, random);
    const jti = crypto.randomUUID();
    const iat = Math.floor(createdAt / 1000);
    const viewer = random() < 0.3;
    const revocable = viewer ? random() < 0.7 : random() < 0.25;
    const lifetimeS = revocable
      ? pick([3600, 6 * 3600, 12 * 3600, 24 * 3600])
      : viewer
        ? pick([2 * 3600, 4 * 3600, 6 * 3600])
        : pick([2 * 3600, 86_400, 7 * 86_400, 14 * 86_400, 14 * 86_400, 30 * 86_400, 90 * 86_400]);
    const scheduled = !viewer && random() < 0.08;
    const nbf = scheduled ? iat + Math.floor(random() * 7 * 86_400) : iat;
    const exp = nbf + lifetimeS;
    const revokedAt =
      revocable && random() < 0.3
        ? Math.min(nowMs, createdAt + Math.floor(random() * lifetimeS * 1000))
        : null;
    const kindTarget = random();
    let target: Record<string, unknown>;
    let targets: string[];
    if (kindTarget < 0.62) {
      const count = random() < 0.8 ? 1 : 2 + Math.floor(random() * 3);
      const streams = [...new Set(Array.from({ length: count }, () => pick(SEED_STREAMS, 1.8)))];
      target = { type: 'streams', streams };
      targets = streams;
    } else if (kindTarget < 0.88) {
      const groupId = pick(SEED_GROUPS, 1.5);
      target = { type: 'group', groupId };
      targets = [groupId];
    } else {
      target = { type: 'organisation' };
      targets = ['*'];
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
    const creator = viewer ? null : pick(staffIds, 1.7);
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
    yield {
      row: {
        id,
        jti,
        kind: viewer ? 'viewer' : 'staff',
        policy_id: viewer ? pick(SEED_POLICIES, 1.5) : null,
        target: JSON.stringify(target),
        issued_at: iat,
        not_before: nbf,
        expires_at: exp,
        revocable: revocable ? 1 : 0,
        force_disconnect: random() < 0.05 ? 1 : 0,
        ip,
        domain,
        viewer_user: user,
        tag,
        claims: JSON.stringify(claims),
        created_by: creator,
        created_at: createdAt,
        revoked_at: revokedAt,
        revoked_by: revokedAt === null ? null : pick(staffIds),
        encrypted_token: revocable ? randomBytes(330).toString('base64url') : null,
      },
      targets,
    };
  }
}

/** The text filters' dictionary (`ledger_term`), as the BFF keeps it: value → last use. */
export class SeedTerms {
  readonly terms = new Map<string, { field: string; value: string; seenAt: number }>();

  add({ row, targets }: SeedRow) {
    const at = Number(row.created_at);
    const put = (field: string, value: string | number | null) => {
      if (typeof value !== 'string' || value === '*') return;
      const key = `${field}\u0000${value}`;
      const known = this.terms.get(key);
      if (!known || known.seenAt < at) this.terms.set(key, { field, value, seenAt: at });
    };
    put('tag', row.tag ?? null);
    put('user', row.viewer_user ?? null);
    for (const value of targets) put('target', value);
  }
}

export interface SeedResult {
  rows: number;
  targets: number;
  ms: number;
  staffIds: string[];
}

/** Seven more staff members (two admins) beside the bench's own. */
export const SEED_STAFF = Array.from({ length: 7 }, (_, i) => ({
  email: `seed-staff-${i + 1}@example.com`,
  displayName: `Seed staff ${i + 1}`,
  role: i < 2 ? 'admin' : 'editor',
}));
