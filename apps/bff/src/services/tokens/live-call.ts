import type { Config } from '../../config.ts';

/** The database writes around a call, and clock differences between replicas. */
const MARGIN_MS = 5_000;

/**
 * The longest a live call to the token service can take, plus a margin: the transport's one
 * total deadline, connect + response timeout (see upstream/transport.ts). An attempt or a revocation request older than this has no process
 * waiting for its answer any more. Should a completion still arrive later, it finds its row
 * swept and hands nothing out, so a margin too small costs a retry, never an unrecorded token.
 */
export const liveCallLimitMs = (config: Pick<Config, 'upstreamTimeouts'>) =>
  config.upstreamTimeouts.connectMs + config.upstreamTimeouts.responseMs + MARGIN_MS;
