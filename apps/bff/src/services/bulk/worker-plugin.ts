import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { bulkDeps } from './deps.ts';
import { BulkWorker } from './worker.ts';

/**
 * The bulk worker as `fastify.bulkWorker`. It starts once the app is ready (unfinished batches
 * of a previous run are resumed then) and, on close, finishes the rows in flight and hands its
 * batches back before the database closes.
 */
async function registerBulkWorker(app: FastifyInstance) {
  const worker = new BulkWorker(bulkDeps(app));
  app.decorate('bulkWorker', worker);
  app.addHook('onReady', async () => worker.start());
  app.addHook('preClose', async () => worker.close());
}

export const bulkWorkerPlugin = fp(registerBulkWorker, { name: 'bulk-worker' });
