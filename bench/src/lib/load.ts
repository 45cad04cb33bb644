import autocannon from 'autocannon';
import { coreBusy, coreTimes, cpuMicros, cpuMicrosOfCommand } from './cpu.ts';
import { percentile } from './stats.ts';

/** One request shape for the load generator. `setup` may change headers per request. */
export interface LoadSpec {
  path: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Called for every request (e.g. a fresh Idempotency-Key, the next staff session). */
  perRequest?: (headers: Record<string, string>) => Record<string, string>;
  /**
   * Called before the warm-up and before the measured run. A browser stores the session cookie
   * the BFF re-issues (at most once a minute); a load generator does not, so sessions are
   * refreshed here instead, or every request would re-encrypt a stale cookie.
   */
  refresh?: () => Promise<void>;
}

export interface LoadResult {
  connections: number;
  durationS: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU (user + system) of the measured process per answered request, in microseconds. */
  cpuUsPerRequest: number;
  /** The measured process's CPU as a share of one core over the run. */
  cpuShare: number;
  /** With `database`: that server's CPU on this machine per answered request, in µs. */
  databaseCpuUsPerRequest?: number;
  /** How busy each core of the machine was over the run (0–1), by core number (/proc/stat). */
  coreBusy: Record<string, number>;
}

function cannon(url: string, spec: LoadSpec, connections: number, durationS: number) {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let finish: (result: autocannon.Result) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url,
      connections,
      duration: durationS,
      pipelining: 1,
      timeout: 10,
      requests: [
        {
          method: spec.method,
          path: spec.path,
          headers: spec.headers,
          ...(spec.body === undefined ? {} : { body: spec.body }),
          ...(spec.perRequest
            ? {
                setupRequest: (request: autocannon.Request) => ({
                  ...request,
                  headers: spec.perRequest?.({ ...(request.headers as Record<string, string>) }),
                }),
              }
            : {}),
        },
      ],
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  // autocannon's own histogram has 1 ms resolution; keep each sub-millisecond duration.
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  return { done, latencies, statusCodes };
}

/**
 * A bounded load against `baseUrl`: a short warm-up (JIT, pools), then `durationS` seconds
 * measured. CPU time of `pid` is read from /proc before and after the measured part.
 */
/**
 * Load without measuring: before every row, and once per server for longer, so V8 has compiled
 * the server's request path before the first measured row (a long-running server is always
 * warm; at 1 connection 2 s are not enough for a code path as long as the BFF's).
 */
export async function warmUp(
  baseUrl: string,
  spec: LoadSpec,
  connections: number,
  durationS: number,
) {
  if (durationS <= 0) return;
  await spec.refresh?.();
  await cannon(baseUrl, spec, connections, durationS).done;
}

export async function runLoad(
  baseUrl: string,
  spec: LoadSpec,
  options: {
    connections: number;
    durationS: number;
    warmupS: number;
    pid: number;
    /** The command name of a database server on this machine to measure too (`postgres`). */
    database?: string;
  },
): Promise<LoadResult> {
  await warmUp(baseUrl, spec, options.connections, options.warmupS);
  await spec.refresh?.();
  const databaseBefore = options.database ? cpuMicrosOfCommand(options.database) : 0;
  const cpuBefore = cpuMicros(options.pid);
  const coresBefore = coreTimes();
  const started = performance.now();
  const run = cannon(baseUrl, spec, options.connections, options.durationS);
  const result = await run.done;
  const elapsedS = (performance.now() - started) / 1000;
  const cores = coreBusy(coresBefore, coreTimes());
  const cpuUs = cpuMicros(options.pid) - cpuBefore;
  const databaseUs = options.database ? cpuMicrosOfCommand(options.database) - databaseBefore : 0;
  const answered = Object.values(run.statusCodes).reduce((a, b) => a + b, 0);
  const measured: LoadResult = {
    connections: options.connections,
    durationS: round3(elapsedS),
    requests: answered,
    ok: run.latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: run.statusCodes,
    rps: run.latencies.length / elapsedS,
    p50Ms: percentile(run.latencies, 50),
    p99Ms: percentile(run.latencies, 99),
    cpuUsPerRequest: answered > 0 ? cpuUs / answered : Number.NaN,
    cpuShare: cpuUs / 1e6 / elapsedS,
    ...(options.database && answered > 0 ? { databaseCpuUsPerRequest: databaseUs / answered } : {}),
    coreBusy: cores,
  };
  latenciesOf.set(measured, run.latencies);
  return measured;
}

/** Each result's answer times (2xx), for merging rounds; kept out of the results file. */
const latenciesOf = new WeakMap<LoadResult, number[]>();

/**
 * Rounds of one load (same server, connections and request) as one result: counts and CPU
 * summed over the rounds' measured time, percentiles over every answer, core busy weighted by
 * each round's duration.
 */
export function mergeLoads(rounds: readonly LoadResult[]): LoadResult {
  const [first] = rounds;
  if (!first) throw new Error('mergeLoads: no rounds');
  if (rounds.length === 1) return first;
  const sum = (of: (r: LoadResult) => number) => rounds.reduce((a, r) => a + of(r), 0);
  const durationS = sum((r) => r.durationS);
  const requests = sum((r) => r.requests);
  const ok = sum((r) => r.ok);
  const cpuUs = sum((r) => r.cpuUsPerRequest * r.requests);
  const statusCodes: Record<string, number> = {};
  const coreBusy: Record<string, number> = {};
  for (const r of rounds) {
    for (const [code, n] of Object.entries(r.statusCodes)) {
      statusCodes[code] = (statusCodes[code] ?? 0) + n;
    }
    for (const [core, busy] of Object.entries(r.coreBusy)) {
      coreBusy[core] = (coreBusy[core] ?? 0) + (busy * r.durationS) / durationS;
    }
  }
  const latencies = rounds.flatMap((r) => latenciesOf.get(r) ?? []);
  const database = rounds.every((r) => r.databaseCpuUsPerRequest !== undefined)
    ? { databaseCpuUsPerRequest: sum((r) => r.databaseCpuUsPerRequest! * r.requests) / requests }
    : {};
  const merged: LoadResult = {
    connections: first.connections,
    durationS: round3(durationS),
    requests,
    ok,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    statusCodes,
    rps: ok / durationS,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    cpuUsPerRequest: requests > 0 ? cpuUs / requests : Number.NaN,
    cpuShare: cpuUs / 1e6 / durationS,
    ...database,
    coreBusy,
  };
  latenciesOf.set(merged, latencies);
  return merged;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
