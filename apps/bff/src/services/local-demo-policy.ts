import { POLICY_LIMITS, normaliseOrigin } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import { policyOrigins } from '../db/repositories/policy-record.ts';

/*
 * On the embedded default, `/examples/viewer` plays at once: a playback policy for this
 * dashboard's own pages (http://localhost:PORT; a policy lists host names, not IP addresses, so
 * the page redirects 127.0.0.1 there) and the emulator's live demo stream. It is made once,
 * clearly named, and never against the real nanoStream Cloud.
 */

/** A fixed id, so that every start (and every replica) finds the same policy. */
export const LOCAL_DEMO_POLICY_ID = '00000000-0000-4000-8000-00000000de70';
export const LOCAL_DEMO_POLICY_NAME = 'Local demo: the example viewer page on this dashboard';
const TAG = 'local-demo';

/**
 * This dashboard's origins that a policy can list: localhost, a host name it listens on, its
 * public origin. (IP addresses are refused by the policy rules, wildcards name no site.)
 */
export function localOrigins(host: string, port: number, publicOrigin?: string): string[] {
  const candidates = [`http://localhost:${port}`, `http://${host}:${port}`];
  if (publicOrigin) candidates.push(publicOrigin);
  const origins: string[] = [];
  for (const candidate of candidates) {
    if (!URL.canParse(candidate)) continue;
    const check = normaliseOrigin(candidate);
    if (check.ok && !origins.includes(check.origin)) origins.push(check.origin);
  }
  return origins;
}

export type LocalDemoOutcome = 'created' | 'updated' | 'unchanged' | 'not-embedded';

/**
 * Creates the local demo policy on the embedded emulator, or adds origins it lacks (the port
 * may differ from the last start). Disabling or editing it otherwise is left alone.
 */
export async function ensureLocalDemoPolicy(
  app: FastifyInstance,
  origins: string[],
): Promise<LocalDemoOutcome> {
  if (app.upstreamInfo.mode !== 'embedded' || origins.length === 0) return 'not-embedded';
  const { policies, audit } = app.repos;
  const now = app.now();
  const existing = await policies.byId(LOCAL_DEMO_POLICY_ID);
  if (existing) {
    const known = policyOrigins(existing);
    const missing = origins.filter((origin) => !known.includes(origin));
    if (missing.length === 0) return 'unchanged';
    // The newest last, within the limit: older ports drop out first.
    const next = [...known, ...missing].slice(-POLICY_LIMITS.maxOrigins);
    await policies.update(LOCAL_DEMO_POLICY_ID, {
      allowed_origins: JSON.stringify(next),
      updated_by: null,
      updated_at: now,
    });
    await audit.record({
      action: 'policy.update',
      actorId: null,
      subject: LOCAL_DEMO_POLICY_ID,
      details: { name: existing.name, changed: ['allowedOrigins'], source: TAG },
    });
    return 'updated';
  }
  // Imported only here: the embedded emulator is running, so its seed is loaded already.
  const { SEED } = await import('@ptd/emulator');
  const groupId = SEED.streams.cupFinal.id;
  try {
    await policies.insert({
      id: LOCAL_DEMO_POLICY_ID,
      name: LOCAL_DEMO_POLICY_NAME,
      target: JSON.stringify({ type: 'group', groupId }),
      group_id: groupId,
      lifetime_minutes: POLICY_LIMITS.defaultLifetimeMinutes,
      bind_ip: 1,
      // A browser that reaches "localhost" over IPv6 still plays (with an unbound token).
      allow_ipv6_without_binding: 1,
      allowed_origins: JSON.stringify(origins),
      revocable: 1,
      force_disconnect: 0,
      tag: TAG,
      identity_mode: 'none',
      identity_secret: null,
      identity_jwks_url: null,
      identity_jwks_keys: null,
      identity_issuer: null,
      identity_audience: null,
      enabled: 1,
      created_by: null,
      created_at: now,
      updated_by: null,
      updated_at: now,
    });
  } catch (error) {
    // Another replica starting at the same moment made it first.
    if (await policies.byId(LOCAL_DEMO_POLICY_ID)) return 'unchanged';
    throw error;
  }
  await audit.record({
    action: 'policy.create',
    actorId: null,
    subject: LOCAL_DEMO_POLICY_ID,
    details: { name: LOCAL_DEMO_POLICY_NAME, allowedOrigins: origins, source: TAG },
  });
  return 'created';
}
