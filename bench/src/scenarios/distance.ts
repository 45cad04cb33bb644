import { startBff, startEmulatorProcess, staffSessions } from '../lib/bff.ts';
import { runLoad, warmUp, type LoadResult } from '../lib/load.ts';
import { fmt, printTable } from '../lib/table.ts';
import { tokenServiceDirectLoad, viewerTokenLoad } from './viewer-token.ts';

/**
 * Viewer tokens with the token service a network away (the emulator holding every API answer
 * back by `latencyMs`), as the real cloud is: the token service asked directly, then the BFF
 * with its default pool of upstream connections and with `UPSTREAM_CONNECTIONS` at the 32 it
 * had until 2026-11-30. At that distance the calls in flight, not the CPU, bound the rate:
 * at most connections / answer time.
 */
export interface DistanceRow {
  label: string;
  upstreamConnections?: number;
  result: LoadResult;
}

export interface DistanceOptions {
  latencyMs: number;
  connections: number;
  durationS: number;
  warmupS: number;
  /** The product limits raised so that a bounded load measures the path, not 429s. */
  env: Record<string, string>;
}

export const OLD_UPSTREAM_CONNECTIONS = 32;

export async function distanceRows(options: DistanceOptions): Promise<DistanceRow[]> {
  const emulator = await startEmulatorProcess(options.latencyMs);
  const load = {
    connections: options.connections,
    durationS: options.durationS,
    warmupS: options.warmupS,
  };
  const rows: DistanceRow[] = [];
  try {
    for (const upstreamConnections of [undefined, OLD_UPSTREAM_CONNECTIONS]) {
      const bff = await startBff({
        emulator,
        env: {
          ...options.env,
          ...(upstreamConnections ? { UPSTREAM_CONNECTIONS: String(upstreamConnections) } : {}),
        },
      });
      try {
        const [admin] = await staffSessions(bff, 0);
        const viewer = await viewerTokenLoad(bff, admin!);
        if ('unavailable' in viewer) throw new Error(viewer.unavailable);
        if (upstreamConnections === undefined) {
          const direct = tokenServiceDirectLoad(emulator, viewer.policy);
          process.stderr.write(`  token service ${options.latencyMs} ms away, direct…\n`);
          const result = await runLoad(emulator.url, direct, { ...load, pid: emulator.pid });
          rows.push({ label: 'token service, direct', result });
        }
        const label = upstreamConnections
          ? `BFF, UPSTREAM_CONNECTIONS=${upstreamConnections} (before 2026-11-30)`
          : 'BFF, default UPSTREAM_CONNECTIONS';
        process.stderr.write(`  ${label}…\n`);
        await warmUp(bff.url, viewer.spec, options.connections, options.warmupS);
        const result = await runLoad(bff.url, viewer.spec, { ...load, pid: bff.pid });
        rows.push({ label, upstreamConnections, result });
      } finally {
        await bff.stop();
      }
    }
  } finally {
    await emulator.stop();
  }
  return rows;
}

export function printDistance(rows: DistanceRow[], options: DistanceOptions) {
  const direct = rows[0]?.result;
  printTable(
    `Viewer tokens with the token service ${options.latencyMs} ms away ` +
      `(EMULATOR_LATENCY_MS; ${options.connections} connections, ${options.durationS} s per row, SQLite)`,
    [
      'target',
      'req/s',
      'ratio to direct',
      'p50 ms',
      'p99 ms',
      'CPU µs/req',
      'CPU share',
      'non-2xx',
    ],
    rows.map(({ label, result }) => [
      label,
      fmt(result.rps, 0),
      direct ? `${fmt(result.rps / direct.rps, 2)}×` : '',
      fmt(result.p50Ms, 1),
      fmt(result.p99Ms, 1),
      fmt(result.cpuUsPerRequest, 0),
      `${fmt(result.cpuShare * 100, 0)}%`,
      String(result.non2xx + result.errors + result.timeouts),
    ]),
  );
  console.info(
    'At this distance a call holds an upstream connection for the whole answer time, so one ' +
      'process answers at most (upstream connections) / (answer time) tokens a second, however ' +
      'idle its CPU: size UPSTREAM_CONNECTIONS as tokens a second wanted × answer time ' +
      '(docs/deployment.md, Sizing for an event).',
  );
}
