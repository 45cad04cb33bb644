import type { FastifyInstance, FastifyPluginAsync } from 'fastify';

/**
 * Marks a plugin as not encapsulated (what `fastify-plugin` does) so its decorations and
 * hooks reach the whole app. Written out to avoid one more dependency.
 */
export function sharedPlugin<Options extends Record<string, unknown> = Record<never, never>>(
  name: string,
  fn: (app: FastifyInstance, options: Options) => Promise<void>,
): FastifyPluginAsync<Options> {
  const plugin = fn as FastifyPluginAsync<Options> & Record<symbol, unknown>;
  plugin[Symbol.for('skip-override')] = true;
  plugin[Symbol.for('fastify.display-name')] = name;
  plugin[Symbol.for('plugin-meta')] = { name };
  return plugin;
}
