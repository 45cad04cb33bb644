import type { FastifyInstance } from 'fastify';
import { sharedPlugin } from '../../lib/plugin.ts';
import { BulkWorker } from './worker.ts';

/**
 * The bulk worker as `fastify.bulkWorker`. It starts once the app is ready (unfinished batches
 * of a previous run are resumed then) and, on close, finishes the rows in flight and hands its
 * batches back before the database closes.
 */
export const bulkWorkerPlugin = sharedPlugin('bulk-worker', async (app: FastifyInstance) => {
  const worker = new BulkWorker(app);
  app.decorate('bulkWorker', worker);
  app.addHook('onReady', async () => worker.start());
  app.addHook('preClose', async () => worker.close());
});
