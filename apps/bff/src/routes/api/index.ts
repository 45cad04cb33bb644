import type { FastifyInstance } from 'fastify';
import { accountPasswordRoutes } from './account/password.ts';
import { accountTwoFactorRoutes } from './account/two-factor.ts';
import { auditRoutes } from './audit/index.ts';
import { insightRoutes } from './insights/index.ts';
import { organisationRoutes } from './organisation/index.ts';
import { passwordResetRoutes } from './password-reset/index.ts';
import { policyRoutes } from './policies/index.ts';
import { sessionRoutes } from './session/index.ts';
import { signInLimits } from './session/sign-in-limits.ts';
import { ownSessionRoutes } from './sessions/index.ts';
import { staffCredentialRoutes } from './staff/credentials.ts';
import { staffRoutes } from './staff/index.ts';
import { staffSessionRoutes } from './staff/sessions.ts';
import { streamGroupRoutes } from './stream-groups/index.ts';
import { streamRoutes } from './streams/index.ts';
import { tokenBatchRoutes } from './token-batches/index.ts';
import { tokenRoutes } from './tokens/index.ts';

/** Everything under /api. */
export async function apiRoutes(app: FastifyInstance) {
  // One throttle of password guesses: sign-in, confirming it's you, changing one's password.
  const limits = signInLimits(app);
  await app.register(sessionRoutes, { limits });
  await app.register(ownSessionRoutes);
  await app.register(organisationRoutes);
  await app.register(streamRoutes);
  await app.register(streamGroupRoutes);
  await app.register(tokenRoutes);
  await app.register(tokenBatchRoutes);
  await app.register(insightRoutes);
  await app.register(policyRoutes);
  await app.register(staffRoutes);
  await app.register(staffSessionRoutes);
  await app.register(staffCredentialRoutes);
  await app.register(accountPasswordRoutes, { limits });
  await app.register(accountTwoFactorRoutes);
  await app.register(passwordResetRoutes);
  await app.register(auditRoutes);
}
