import { relative } from 'node:path';
import { startBff, startEmulatorProcess, staffSessions } from './lib/bff.ts';
import { commandOf } from './lib/cpu.ts';
import { runLoad, warmUp, type LoadResult, type LoadSpec } from './lib/load.ts';
import { machine, writeResults } from './lib/results.ts';
import { CORE, PINNING, ROOT, cleanup, pinSelf, runMain } from './lib/processes.ts';
import { median, round } from './lib/stats.ts';
import { fmt, printTable, verdict } from './lib/table.ts';
import { bulkBatch, printBulk } from './scenarios/bulk-batch.ts';
import { coldStart } from './scenarios/cold-start.ts';
import { ledgerRuns, printLedger } from './scenarios/ledger-run.ts';
import {
  dashboardTokenRequest,
  relayLoad,
  startRelay,
  tokenCreateLoad,
} from './scenarios/token-create.ts';
import { viewerTokenLoad } from './scenarios/viewer-token.ts';

/**
 * `pnpm bench`: token creation through the BFF against a bare relay floor, the public viewer
 * token endpoint, the ledger overview at 1,000,000 rows (SQLite and PostgreSQL) and the cold start,
 * with the budgets of issue 7. Everything runs on 127.0.0.1 with fresh temporary data and is
 * stopped at the end. Knobs (environment): BENCH_DURATION_S (10), BENCH_WARMUP_S (2),
 * BENCH_CONNECTIONS ("1,50"), BENCH_ONLY (any of "tokens,bulk,ledger,cold-start"),
 * BENCH_LEDGER_ROWS (1000000), BENCH_LEDGER_RUNS (100), BENCH_DATABASE_URL (the ledger's
 * PostgreSQL run; a throwaway cluster without it, `none` to skip), BENCH_COLD_RUNS (5), BENCH_PROFILE_DIR (BFF under --cpu-prof),
 * BENCH_JIT_WARMUP_S (8), BENCH_SKIP (any of "viewer,relay"), BENCH_KEEP=1 (keep the temporary
 * directories), BENCH_DATABASE_URL (the token loads' BFF on this empty PostgreSQL database).
 */

const env = process.env;
const DURATION_S = Number(env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(env.BENCH_WARMUP_S ?? 2);
/** Once per server, before its first measured row, at the highest connection count. */
const JIT_WARMUP_S = Number(env.BENCH_JIT_WARMUP_S ?? 8);
const CONNECTIONS = (env.BENCH_CONNECTIONS ?? '1,50').split(',').map(Number);
const ONLY = env.BENCH_ONLY?.split(',');
const LEDGER_ROWS = Number(env.BENCH_LEDGER_ROWS ?? 1_000_000);
const LEDGER_RUNS = Number(env.BENCH_LEDGER_RUNS ?? 100);
const COLD_RUNS = Number(env.BENCH_COLD_RUNS ?? 5);
const PROFILE_DIR = env.BENCH_PROFILE_DIR;
/** Parts of the throughput run to leave out while profiling one of them: `viewer`, `relay`. */
const SKIP = new Set(env.BENCH_SKIP?.split(',') ?? []);
/** The ledger part seeds SQLite directly, so with PostgreSQL only the token loads run. */
const DATABASE_URL = env.BENCH_DATABASE_URL || undefined;
const wants = (part: string) =>
  (!ONLY || ONLY.includes(part)) && (!DATABASE_URL || part === 'tokens');

const BUDGET = { cpuRatio: 2, p99Ratio: 2, overviewMedianMs: 20, coldStartMs: 3000 };
/** Load staff: the admin plus nine editors. 10 × 10,000 creations a minute is never reached. */
const EXTRA_STAFF = 9;
const BFF_BENCH_ENV = {
  // Product default 30/min per staff member; a load test measures the path, not the 429.
  TOKEN_CREATE_RATE_PER_MINUTE: '10000',
  // Ten sign-ins from one address in a few seconds (default 10/min).
  SIGN_IN_RATE_PER_MINUTE: '1000',
  // Every viewer of the load comes from 127.0.0.1 (default 20/min per IP, 1200/min per policy).
  PLAYBACK_TOKEN_RATE_PER_IP_PER_MINUTE: '100000',
  PLAYBACK_TOKEN_RATE_PER_POLICY_PER_MINUTE: '1000000',
  ...(DATABASE_URL ? { DATABASE_URL } : {}),
};

interface ThroughputRow {
  target: 'bff' | 'relay' | 'viewer';
  label: string;
  result?: LoadResult;
  note?: string;
}

/** With BENCH_PROFILE_DIR, the BFF writes a V8 CPU profile there when it stops. */
const profileArgs = (): string[] =>
  PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];

async function loadAt(url: string, spec: LoadSpec, pid: number, label: string) {
  const rows: ThroughputRow[] = [];
  process.stderr.write(`  ${label}: warming up for ${JIT_WARMUP_S} s…\n`);
  await warmUp(url, spec, Math.max(...CONNECTIONS), JIT_WARMUP_S);
  for (const connections of CONNECTIONS) {
    process.stderr.write(`  ${label}: ${connections} connection(s), ${DURATION_S} s…\n`);
    const result = await runLoad(url, spec, {
      connections,
      durationS: DURATION_S,
      warmupS: WARMUP_S,
      pid,
    });
    rows.push({ target: 'bff', label, result });
  }
  return rows;
}

function assertNodeProcess(pid: number, name: string) {
  const command = commandOf(pid);
  if (!command.includes('node')) throw new Error(`${name}: pid ${pid} is not node: ${command}`);
}

async function throughput(emulator: Awaited<ReturnType<typeof startEmulatorProcess>>) {
  const rows: ThroughputRow[] = [];
  const body = dashboardTokenRequest();

  process.stderr.write('token creation through the BFF\n');
  const bff = await startBff({ emulator, env: BFF_BENCH_ENV, nodeArgs: profileArgs() });
  assertNodeProcess(bff.pid, 'bff');
  const sessions = await staffSessions(bff, EXTRA_STAFF);
  const spec = tokenCreateLoad(bff.url, sessions, body);
  await sanityCheck(bff, spec, 201);
  for (const row of await loadAt(bff.url, spec, bff.pid, 'BFF POST /api/tokens')) {
    rows.push({ ...row, target: 'bff' });
  }

  process.stderr.write('public viewer-token endpoint\n');
  const viewer = SKIP.has('viewer')
    ? { unavailable: 'skipped (BENCH_SKIP)' }
    : await viewerTokenLoad(bff, sessions[0]!);
  if ('unavailable' in viewer) {
    rows.push({ target: 'viewer', label: 'BFF POST /playback-token', note: viewer.unavailable });
  } else {
    await sanityCheck(bff, viewer, 200);
    for (const row of await loadAt(bff.url, viewer, bff.pid, 'BFF POST /playback-token')) {
      rows.push({ ...row, target: 'viewer' });
    }
  }
  await bff.stop();
  if (SKIP.has('relay')) return rows;

  process.stderr.write('relay floor\n');
  const relay = await startRelay(emulator);
  assertNodeProcess(relay.pid, 'relay');
  const relaySpec = relayLoad(body);
  await sanityCheck(relay, relaySpec, 200);
  for (const row of await loadAt(
    relay.url,
    relaySpec,
    relay.pid,
    'relay floor (node:http+undici)',
  )) {
    rows.push({ ...row, target: 'relay' });
  }
  await relay.stop();
  return rows;
}

/** One request by hand first: a wrong setup should fail loudly, not measure 4xx for 10 s. */
async function sanityCheck(server: { url: string }, spec: LoadSpec, status: number) {
  const headers = spec.perRequest ? spec.perRequest({ ...spec.headers }) : spec.headers;
  const answer = await fetch(`${server.url}${spec.path}`, {
    method: spec.method,
    headers,
    ...(spec.body === undefined ? {} : { body: spec.body }),
  });
  const text = await answer.text();
  if (answer.status !== status) {
    throw new Error(
      `${spec.method} ${spec.path}: expected ${status}, got ${answer.status} ${text}`,
    );
  }
}

async function coldStarts() {
  const runs: number[] = [];
  for (let i = 0; i < COLD_RUNS; i += 1) {
    process.stderr.write(`cold start ${i + 1}/${COLD_RUNS}\n`);
    runs.push(await coldStart());
  }
  return runs;
}

function printThroughput(rows: ThroughputRow[]) {
  const byC = (target: ThroughputRow['target'], c: number) =>
    rows.find((r) => r.target === target && r.result?.connections === c)?.result;
  printTable(
    `Token creation (${DURATION_S} s per row after ${WARMUP_S} s warm-up; server pinned to core ${CORE.server}, ` +
      `emulator + load generator on core ${CORE.rest}${PINNING ? '' : ' — PINNING UNAVAILABLE'})`,
    [
      'target',
      'conns',
      'req/s',
      'p50 ms',
      'p99 ms',
      'CPU µs/req',
      'CPU share',
      'non-2xx',
      'errors',
    ],
    rows.flatMap((r) =>
      r.result
        ? [
            [
              r.label,
              String(r.result.connections),
              fmt(r.result.rps, 0),
              fmt(r.result.p50Ms, 2),
              fmt(r.result.p99Ms, 2),
              fmt(r.result.cpuUsPerRequest, 0),
              `${fmt(r.result.cpuShare * 100, 0)}%`,
              String(r.result.non2xx),
              String(r.result.errors + r.result.timeouts),
            ],
          ]
        : [],
    ),
  );
  for (const r of rows) if (!r.result) console.info(`${r.label}: ${r.note ?? 'not measured'}`);
  const ratios = CONNECTIONS.map((c) => {
    const bff = byC('bff', c);
    const relay = byC('relay', c);
    const cpuRatio = bff && relay ? bff.cpuUsPerRequest / relay.cpuUsPerRequest : Number.NaN;
    const p99Ratio = bff && relay ? bff.p99Ms / relay.p99Ms : Number.NaN;
    return { connections: c, cpuRatio, p99Ratio };
  });
  printTable(
    'BFF overhead over the relay floor (budgets: CPU/request ≤ 2×; p99 at 50 connections ≤ 2×)',
    ['conns', 'CPU/req ratio', 'CPU budget', 'p99 ratio', 'p99 budget'],
    ratios.map((r) => [
      String(r.connections),
      `${fmt(r.cpuRatio, 2)}×`,
      verdict(Number.isFinite(r.cpuRatio) ? r.cpuRatio <= BUDGET.cpuRatio : undefined),
      `${fmt(r.p99Ratio, 2)}×`,
      r.connections === 50
        ? verdict(Number.isFinite(r.p99Ratio) ? r.p99Ratio <= BUDGET.p99Ratio : undefined)
        : '(no budget)',
    ]),
  );
  return ratios;
}

function printColdStart(runs: number[]) {
  printTable(
    `Cold start: NODE_ENV=production node dist/server.mjs (apps/bff, what pnpm start runs), fresh DATA_DIR, spawn → /readyz 200 (budget ≤ ${BUDGET.coldStartMs} ms)`,
    ['runs ms', 'median ms', 'budget'],
    [
      [
        runs.map((r) => r.toFixed(0)).join(', '),
        fmt(median(runs), 0),
        verdict(median(runs) <= BUDGET.coldStartMs),
      ],
    ],
  );
}

await runMain(async () => {
  const startedAt = new Date().toISOString();
  const host = machine();
  if (PINNING) pinSelf(CORE.rest);
  else console.warn('warning: fewer than 2 cores or no taskset: nothing is pinned');
  const results: Record<string, unknown> = {
    startedAt,
    machine: host,
    settings: {
      DURATION_S,
      WARMUP_S,
      CONNECTIONS,
      LEDGER_ROWS,
      COLD_RUNS,
      PINNING,
      BUDGET,
      database: DATABASE_URL ? 'postgresql' : 'sqlite',
    },
  };

  const needsEmulator = wants('tokens') || wants('bulk') || wants('ledger');
  const emulator = needsEmulator ? await startEmulatorProcess() : undefined;
  if (emulator && wants('tokens')) {
    const rows = await throughput(emulator);
    results.tokens = { rows, ratios: printThroughput(rows) };
  }
  if (emulator && wants('bulk')) {
    process.stderr.write('1,000-row batch\n');
    const bulk = await bulkBatch(emulator, BFF_BENCH_ENV);
    printBulk(bulk);
    results.bulk = bulk;
  }
  if (emulator && wants('ledger')) {
    const runs = await ledgerRuns(emulator, {
      rows: LEDGER_ROWS,
      runs: LEDGER_RUNS,
      env: BFF_BENCH_ENV,
      nodeArgs: profileArgs(),
    });
    printLedger(runs, BUDGET.overviewMedianMs);
    results.ledger = runs;
  }
  await emulator?.stop();
  if (wants('cold-start')) {
    const runs = await coldStarts();
    printColdStart(runs);
    results.coldStart = { runsMs: runs.map((r) => round(r, 0)), medianMs: round(median(runs), 0) };
  }
  await cleanup();
  const file = writeResults('bench', results);
  console.info(`\nResults: ${relative(ROOT, file)}`);
});
