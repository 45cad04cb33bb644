import type { FastifyInstance } from 'fastify';
import { auditRoutes } from './audit/index.ts';
import { organisationRoutes } from './organisation/index.ts';
import { policyRoutes } from './policies/index.ts';
import { sessionRoutes } from './session/index.ts';
import { ownSessionRoutes } from './sessions/index.ts';
import { staffRoutes } from './staff/index.ts';
import { staffSessionRoutes } from './staff/sessions.ts';
import { streamGroupRoutes } from './stream-groups/index.ts';
import { streamRoutes } from './streams/index.ts';
import { tokenRoutes } from './tokens/index.ts';

/** Everything under /api. */
export async function apiRoutes(app: FastifyInstance) {
  await app.register(sessionRoutes);
  await app.register(ownSessionRoutes);
  await app.register(organisationRoutes);
  await app.register(streamRoutes);
  await app.register(streamGroupRoutes);
  await app.register(tokenRoutes);
  await app.register(policyRoutes);
  await app.register(staffRoutes);
  await app.register(staffSessionRoutes);
  await app.register(auditRoutes);
}
