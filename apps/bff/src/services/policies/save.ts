import type { PlaybackPolicy, PolicyRequest } from '@ptd/contracts';
import { toPolicy, type PolicyRow } from '../../db/repositories/policy-record.ts';
import type { PolicyTable } from '../../db/schema.ts';
import { seal, type KeyList } from '../../lib/crypto.ts';
import { HttpError, notFound } from '../../lib/errors.ts';
import { actorEntry, type StaffActor } from '../actor.ts';
import { KeySetError } from '../identity-keys/fetch-key-set.ts';
import { secretContext } from '../../lib/crypto-contexts.ts';
import type { PolicyDeps } from './deps.ts';

type Columns = Omit<PolicyTable, 'id' | 'created_by' | 'created_at' | 'updated_by' | 'updated_at'>;

/** What an update may change, compared before and after for the audit log. */
const FIELDS = [
  'name',
  'target',
  'lifetimeMinutes',
  'bindIp',
  'allowIpv6WithoutBinding',
  'allowedOrigins',
  'revocable',
  'forceDisconnect',
  'tag',
  'identity',
  'enabled',
] as const satisfies ReadonlyArray<keyof PlaybackPolicy>;

/**
 * The keys at the JWKS URL as stored: fetched now when the URL is new (or was never checked),
 * so a URL the fetch rules refuse, that fails or holds no usable key is a 400 on the field.
 */
async function jwksKeys(
  deps: Pick<PolicyDeps, 'identityKeys'>,
  input: PolicyRequest,
  existing?: PolicyRow,
) {
  const identity = input.identity;
  if (identity.mode !== 'jwks') return null;
  const unchanged =
    existing?.identity_mode === 'jwks' && existing.identity_jwks_url === identity.jwksUrl;
  if (unchanged && existing.identity_jwks_keys !== null) return existing.identity_jwks_keys;
  try {
    return JSON.stringify((await deps.identityKeys.fetchNow(identity.jwksUrl)).keys);
  } catch (error) {
    if (!(error instanceof KeySetError)) throw error;
    throw new HttpError(400, 'invalid-request', error.message, {
      issues: [{ path: 'identity.jwksUrl', message: error.message }],
    });
  }
}

/** The row's columns for a validated policy; the secret is sealed, or kept from `existing`. */
function columns(
  id: string,
  input: PolicyRequest,
  keys: KeyList,
  jwks: string | null,
  existing?: PolicyRow,
): Columns {
  const identity = input.identity;
  let secret: string | null = null;
  if (identity.mode === 'secret') {
    if (identity.secret) secret = seal(keys, identity.secret, secretContext(id));
    else if (existing?.identity_mode === 'secret') secret = existing.identity_secret;
    if (!secret) {
      const message = 'Shared secret: enter the secret your site signs viewer identities with.';
      throw new HttpError(400, 'invalid-request', message, {
        issues: [{ path: 'identity.secret', message }],
      });
    }
  }
  const claims = identity.mode === 'none' ? undefined : identity;
  return {
    name: input.name,
    target: JSON.stringify(input.target),
    group_id: input.target.type === 'group' ? input.target.groupId : null,
    lifetime_minutes: input.lifetimeMinutes,
    bind_ip: input.bindIp ? 1 : 0,
    allow_ipv6_without_binding: input.allowIpv6WithoutBinding ? 1 : 0,
    allowed_origins: JSON.stringify(input.allowedOrigins),
    revocable: input.revocable ? 1 : 0,
    force_disconnect: input.forceDisconnect ? 1 : 0,
    tag: input.tag ?? null,
    identity_mode: identity.mode,
    identity_secret: secret,
    identity_jwks_url: identity.mode === 'jwks' ? identity.jwksUrl : null,
    identity_jwks_keys: jwks,
    identity_issuer: claims?.issuer ?? null,
    identity_audience: claims?.audience ?? null,
    enabled: input.enabled ? 1 : 0,
  };
}

/** Facts for the audit log: what the policy does, never the secret. */
const facts = (policy: PlaybackPolicy) => ({
  name: policy.name,
  target: policy.target,
  lifetimeMinutes: policy.lifetimeMinutes,
  allowedOrigins: policy.allowedOrigins,
  identity: policy.identity.mode,
  enabled: policy.enabled,
});

async function reload(deps: Pick<PolicyDeps, 'repos'>, id: string) {
  const row = await deps.repos.policies.byId(id);
  if (!row) throw notFound('The playback policy');
  return toPolicy(row);
}

export async function createPolicy(
  deps: PolicyDeps,
  actor: StaffActor,
  input: PolicyRequest,
): Promise<PlaybackPolicy> {
  const id = crypto.randomUUID();
  const now = deps.now();
  const by = actor.staff.id;
  await deps.repos.policies.insert({
    id,
    ...columns(id, input, deps.ledgerKeys, await jwksKeys(deps, input)),
    created_by: by,
    created_at: now,
    updated_by: by,
    updated_at: now,
  });
  const policy = await reload(deps, id);
  await deps.repos.audit.record(
    actorEntry(actor, 'policy.create', { subject: id, details: facts(policy) }),
  );
  return policy;
}

export async function updatePolicy(
  deps: PolicyDeps,
  actor: StaffActor,
  id: string,
  input: PolicyRequest,
): Promise<PlaybackPolicy> {
  const existing = await deps.repos.policies.byId(id);
  if (!existing) throw notFound('The playback policy');
  const before = toPolicy(existing);
  const next = columns(id, input, deps.ledgerKeys, await jwksKeys(deps, input, existing), existing);
  await deps.repos.policies.update(id, {
    ...next,
    updated_by: actor.staff.id,
    updated_at: deps.now(),
  });
  const policy = await reload(deps, id);
  const changed = FIELDS.filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(policy[key]),
  );
  await deps.repos.audit.record(
    actorEntry(actor, 'policy.update', {
      subject: id,
      details: {
        name: policy.name,
        changed,
        // Whether a new secret was set; never the secret itself.
        secretReplaced: input.identity.mode === 'secret' && Boolean(input.identity.secret),
      },
    }),
  );
  return policy;
}

/** Takes effect with the next token request: the endpoint reads the policy every time. */
export async function setPolicyEnabled(
  deps: PolicyDeps,
  actor: StaffActor,
  id: string,
  enabled: boolean,
): Promise<PlaybackPolicy> {
  const existing = await deps.repos.policies.byId(id);
  if (!existing) throw notFound('The playback policy');
  if (Boolean(existing.enabled) === enabled) return toPolicy(existing);
  await deps.repos.policies.update(id, {
    enabled: enabled ? 1 : 0,
    updated_by: actor.staff.id,
    updated_at: deps.now(),
  });
  await deps.repos.audit.record(
    actorEntry(actor, enabled ? 'policy.enable' : 'policy.disable', {
      subject: id,
      details: { name: existing.name },
    }),
  );
  return reload(deps, id);
}
