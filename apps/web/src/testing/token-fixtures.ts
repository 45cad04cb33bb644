import type { TokenList, TokenListItem, TokenRecord } from '@ptd/contracts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const staff = {
  admin: { id: 'staff-admin', email: 'admin@example.com', displayName: 'Ada admin' },
  editor: { id: 'staff-editor', email: 'editor@example.com', displayName: 'Eddie Editor' },
};

/** A ledger record; times are relative to now so statuses stay believable. */
export function tokenRecord(overrides: Partial<TokenRecord> = {}): TokenRecord {
  const now = Date.now();
  const createdAt = new Date(now - 2 * HOUR).toISOString();
  const expiresAt = new Date(now + 12 * DAY).toISOString();
  const id = overrides.id ?? 'tok-1';
  return {
    id,
    jti: `jti-${id}`,
    kind: 'staff',
    policyId: null,
    policyName: null,
    target: { type: 'streams', streams: ['DmoEv-Stage1'] },
    issuedAt: createdAt,
    notBefore: createdAt,
    expiresAt,
    revocable: false,
    forceDisconnect: false,
    ip: null,
    domain: null,
    user: null,
    tag: null,
    createdBy: staff.editor,
    createdAt,
    revokedAt: null,
    revokedBy: null,
    revocationRequestedAt: null,
    status: 'active',
    claims: {
      aud: 'splay',
      iss: 'nanocosmos',
      jti: `jti-${id}`,
      streams: ['DmoEv-Stage1'],
      iat: Math.floor(Date.parse(createdAt) / 1000),
      nbf: Math.floor(Date.parse(createdAt) / 1000),
      exp: Math.floor(Date.parse(expiresAt) / 1000),
    },
    ...overrides,
  };
}

/** A revocable token valid for the next few hours. */
export const revocableToken = () =>
  tokenRecord({
    id: 'tok-rev',
    revocable: true,
    tag: 'vip-lounge',
    user: 'viewer-42',
    createdBy: staff.admin,
    expiresAt: new Date(Date.now() + 6 * HOUR).toISOString(),
    target: { type: 'streams', streams: ['DmoEv-Stage2', 'DmoEv-Stage3'] },
  });

export const sampleTokens = (): TokenRecord[] => [
  revocableToken(),
  tokenRecord({
    id: 'tok-org',
    target: { type: 'organisation' },
    tag: 'press',
    kind: 'viewer',
    policyId: 'pol-press',
    policyName: 'Press room',
    createdBy: null,
  }),
  tokenRecord({
    id: 'tok-group',
    target: { type: 'group', groupId: 'grp-main-hall' },
    status: 'expired',
    expiresAt: new Date(Date.now() - DAY).toISOString(),
  }),
  tokenRecord({
    id: 'tok-revoked',
    revocable: true,
    status: 'revoked',
    revokedAt: new Date(Date.now() - HOUR).toISOString(),
    revokedBy: staff.admin,
  }),
  tokenRecord({
    id: 'tok-later',
    status: 'scheduled',
    notBefore: new Date(Date.now() + DAY).toISOString(),
  }),
];

/** One page of the list; `more`: the cursors of the pages around it. */
export const tokenPage = (
  items: TokenListItem[],
  more: Partial<Omit<TokenList, 'items'>> = {},
): TokenList => ({
  items,
  pageSize: 25,
  total: items.length,
  totalCapped: false,
  offset: 0,
  nextCursor: null,
  prevCursor: null,
  ...more,
});

/** A token the service may have minted whose answer never arrived: no jti, no claims. */
export const neverDeliveredToken = () =>
  tokenRecord({
    id: 'tok-lost',
    jti: null,
    tag: 'lost-answer',
    status: 'never-delivered',
    claims: {},
  });

/** A revocable token whose revoke was sent a minute ago and not answered. */
export const revocationPendingToken = () => ({
  ...revocableToken(),
  status: 'revocation-pending' as const,
  revocationRequestedAt: new Date(Date.now() - 60_000).toISOString(),
});

/** A syntactically real JWT (unsigned payload, fake signature) for decode tests. */
export function fakeJwt(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'EdDSA', typ: 'JWT', kid: 'test' },
) {
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${encode(header)}.${encode(claims)}.c2lnbmF0dXJl`;
}
