import { relative } from 'node:path';
import {
  startBff,
  startEmulatorProcess,
  staffSessions,
  type Bff,
  type Emulator,
} from './lib/bff.ts';
import { commandOf } from './lib/cpu.ts';
import { mergeLoads, runLoad, warmUp, type LoadResult, type LoadSpec } from './lib/load.ts';
import { machine, writeResults } from './lib/results.ts';
import { CORE, PINNING, ROOT, cleanup, pinSelf, runMain, tempDir } from './lib/processes.ts';
import { seedLedgerPostgres } from './lib/seed-postgres.ts';
import { seedLedger } from './lib/seed-sqlite.ts';
import { median, round } from './lib/stats.ts';
import { fmt, printTable, verdict } from './lib/table.ts';
import { bulkBatch, printBulk } from './scenarios/bulk-batch.ts';
import { coldStart } from './scenarios/cold-start.ts';
import { distanceRows, printDistance } from './scenarios/distance.ts';
import { floorSchemaOf, ledgerRuns, postgresTarget, printLedger } from './scenarios/ledger-run.ts';
import {
  dashboardTokenRequest,
  relayLoad,
  startRelay,
  tokenCreateLoad,
} from './scenarios/token-create.ts';
import { tokenServiceDirectLoad, viewerTokenLoad } from './scenarios/viewer-token.ts';

/**
 * `pnpm bench`: token creation through the BFF against a bare relay floor, the public viewer
 * token endpoint against the token service asked directly, the ledger overview at 1,000,000
 * rows (SQLite and PostgreSQL) and the cold start, with the budgets of issue 7 and the
 * viewer-token goal. Everything runs on 127.0.0.1 with fresh temporary data and is stopped at
 * the end. Knobs (environment): BENCH_DURATION_S (10), BENCH_WARMUP_S (2), BENCH_CONNECTIONS
 * ("1,50"), BENCH_ONLY (any of "tokens,viewer,distance,bulk,ledger,cold-start"),
 * BENCH_UPSTREAM_LATENCY_MS (50) and BENCH_DISTANCE_CONNECTIONS (400) for the distance part,
 * BENCH_LEDGER_ROWS (1000000),
 * BENCH_LEDGER_RUNS (100), BENCH_VIEWER_LEDGER_ROWS (250000, the ledger before the viewer
 * loads), BENCH_FILTERS (only the overview filters whose names contain one of these
 * `;`-separated parts), BENCH_COLD_RUNS (5), BENCH_PROFILE_DIR (BFF under --cpu-prof),
 * BENCH_JIT_WARMUP_S (8), BENCH_VIEWER_ROUNDS (3), BENCH_SKIP (any of "viewer,relay"), BENCH_KEEP=1 (keep the temporary
 * directories), BENCH_DATABASE=postgres (the token and viewer loads' BFF on PostgreSQL; only
 * those run), BENCH_DATABASE_URL (where PostgreSQL is, for those loads and the ledger's
 * PostgreSQL run, in a schema of their own; a throwaway cluster without it, `none` to skip the
 * ledger's).
 */

const env = process.env;
const DURATION_S = Number(env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(env.BENCH_WARMUP_S ?? 2);
/** Once per server, before its first measured row, at the highest connection count. */
const JIT_WARMUP_S = Number(env.BENCH_JIT_WARMUP_S ?? 8);
/**
 * The viewer loads run in this many rounds, one after the other within each (direct, BFF,
 * floors; every other round in reverse): a machine whose speed drifts over minutes then
 * weighs on every load alike, and the spread of each round's ratio is printed.
 */
const VIEWER_ROUNDS = Math.max(1, Math.floor(Number(env.BENCH_VIEWER_ROUNDS ?? 3)));
const CONNECTIONS = (env.BENCH_CONNECTIONS ?? '1,50').split(',').map(Number);
const ONLY = env.BENCH_ONLY?.split(',');
const LEDGER_ROWS = Number(env.BENCH_LEDGER_ROWS ?? 1_000_000);
const LEDGER_RUNS = Number(env.BENCH_LEDGER_RUNS ?? 100);
/**
 * Rows in the ledger before the viewer loads (the BFF's and the recorded floor's, seeded alike):
 * an event's viewers arrive at a ledger that holds the tokens before them, and a row's cost
 * depends on the ledger's size, not on what this run wrote.
 */
const VIEWER_LEDGER_ROWS = Number(env.BENCH_VIEWER_LEDGER_ROWS ?? 250_000);
const COLD_RUNS = Number(env.BENCH_COLD_RUNS ?? 5);
/** The distance part: the token service this far away, loaded with this many connections. */
const DISTANCE_LATENCY_MS = Number(env.BENCH_UPSTREAM_LATENCY_MS ?? 50);
const DISTANCE_CONNECTIONS = Number(env.BENCH_DISTANCE_CONNECTIONS ?? 400);
const PROFILE_DIR = env.BENCH_PROFILE_DIR;
/** Parts of the throughput run to leave out while profiling one of them: `viewer`, `relay`. */
const SKIP = new Set(env.BENCH_SKIP?.split(',') ?? []);
/** The token and viewer loads' BFF on PostgreSQL (the ledger part measures both on its own). */
const TOKENS_ON_POSTGRES = env.BENCH_DATABASE === 'postgres';
if (env.BENCH_DATABASE && !TOKENS_ON_POSTGRES) {
  throw new Error(`BENCH_DATABASE: "postgres" or nothing, not "${env.BENCH_DATABASE}"`);
}
const wants = (part: string) =>
  (!ONLY || ONLY.includes(part)) &&
  (!TOKENS_ON_POSTGRES || part === 'tokens' || part === 'viewer') &&
  !(part === 'viewer' && SKIP.has('viewer'));

const BUDGET = { cpuRatio: 2, p99Ratio: 2, overviewMedianMs: 20, coldStartMs: 3000 };
/** The viewer-token endpoint's rate as a share of the token service's own (same run). */
const VIEWER_GOAL = { sqlite: 0.8, postgresql: 0.6 };
/**
 * Decision 021: the BFF's CPU per viewer token at most this many times the floor + row +
 * seal's (bench/src/servers/relay-recorded.ts), same run.
 */
const VIEWER_CPU_BUDGET = 2;
/** Load staff: the admin plus nine editors. 10 × 10,000 creations a minute is never reached. */
const EXTRA_STAFF = 9;
const BFF_BENCH_ENV: Record<string, string> = {
  // Product default 30/min per staff member; a load test measures the path, not the 429.
  TOKEN_CREATE_RATE_PER_MINUTE: '10000',
  // Ten sign-ins from one address in a few seconds (default 10/min).
  SIGN_IN_RATE_PER_MINUTE: '1000',
  // Every viewer of the load comes from 127.0.0.1 (default 20/min per IP, 1200/min per policy);
  // still counted on every request, only never reached.
  PLAYBACK_TOKEN_RATE_PER_IP_PER_MINUTE: '100000',
  PLAYBACK_TOKEN_RATE_PER_POLICY_PER_MINUTE: '1000000',
  // Retention off: its first run, a minute after the start, would remove the seeded ledger's
  // expired rows while the viewer loads are measured.
  LEDGER_RETENTION_DAYS_VIEWER: '0',
  LEDGER_RETENTION_DAYS_STAFF: '0',
};
const DIRECT_LABEL = 'token service, direct';
const VIEWER_RELAY_LABEL = 'relay floor, same token service body';
const VIEWER_RECORDED_LABEL = 'relay floor + ledger row + seal';

interface ThroughputRow {
  target: 'bff' | 'relay' | 'viewer' | 'direct' | 'viewer-relay' | 'viewer-recorded';
  label: string;
  result?: LoadResult;
  /** The viewer loads' rounds, `result` being them merged. */
  rounds?: LoadResult[];
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

/** Where the token loads' BFF keeps its data: SQLite in its DATA_DIR, or PostgreSQL. */
async function tokensDatabase(): Promise<{
  env: Record<string, string>;
  label: string;
  stop(): Promise<void>;
}> {
  if (!TOKENS_ON_POSTGRES) return { env: {}, label: 'SQLite', stop: async () => undefined };
  const target = await postgresTarget();
  if (typeof target === 'string') throw new Error(`BENCH_DATABASE=postgres: ${target}`);
  return {
    env: { DATABASE_URL: target.url, DATABASE_SCHEMA: target.schema },
    label: `PostgreSQL (${target.label})`,
    stop: target.stop,
  };
}

async function throughput(emulator: Emulator, databaseEnv: Record<string, string>) {
  const rows: ThroughputRow[] = [];
  const body = dashboardTokenRequest();
  const bff = await startBff({
    emulator,
    env: { ...BFF_BENCH_ENV, ...databaseEnv },
    nodeArgs: profileArgs(),
  });
  assertNodeProcess(bff.pid, 'bff');

  if (wants('tokens')) {
    process.stderr.write('token creation through the BFF\n');
    const sessions = await staffSessions(bff, EXTRA_STAFF);
    const spec = tokenCreateLoad(bff.url, sessions, body);
    await sanityCheck(bff, spec, 201);
    for (const row of await loadAt(bff.url, spec, bff.pid, 'BFF POST /api/tokens')) {
      rows.push({ ...row, target: 'bff' });
    }
  }
  if (wants('viewer')) rows.push(...(await viewerRows(bff, emulator, databaseEnv)));
  await bff.stop();
  if (!wants('tokens') || SKIP.has('relay')) return rows;

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

/**
 * The public viewer-token endpoint beside its limit, the token service asked directly, at
 * each connection count in turn (direct, then the BFF, then the two floors sent the same token
 * service body: the bare relay, and the relay with the ledger row and the seal), so that the
 * rows of one count see the same machine: the BFF's ratio is what the goal is about, the
 * floors' are what any relay, and any server that keeps the row, reaches.
 */
async function viewerRows(
  bff: Bff,
  emulator: Emulator,
  databaseEnv: Record<string, string>,
): Promise<ThroughputRow[]> {
  process.stderr.write('public viewer-token endpoint and the token service, direct\n');
  const [admin] = await staffSessions(bff, 0);
  const viewer = await viewerTokenLoad(bff, admin!);
  const label = 'BFF POST /playback-token';
  if ('unavailable' in viewer) return [{ target: 'viewer', label, note: viewer.unavailable }];
  const direct = tokenServiceDirectLoad(emulator, viewer.policy);
  await sanityCheck(bff, viewer.spec, 200);
  await sanityCheck(emulator, direct, 200);
  // The recorded floor's ledger: beside the BFF's in a schema of its own on PostgreSQL, in a
  // directory of its own on SQLite (both seeded below).
  const recordedEnv: Record<string, string> = databaseEnv.DATABASE_SCHEMA
    ? { ...databaseEnv, DATABASE_SCHEMA: floorSchemaOf(databaseEnv.DATABASE_SCHEMA) }
    : { DATA_DIR: tempDir('floor') };
  // The floors beside the endpoint: the bare relay, and the relay plus the row and the seal.
  const floors = SKIP.has('relay')
    ? []
    : [
        { target: 'viewer-relay' as const, label: VIEWER_RELAY_LABEL, server: 'relay', env: {} },
        {
          target: 'viewer-recorded' as const,
          label: VIEWER_RECORDED_LABEL,
          server: 'relay-recorded',
          env: recordedEnv,
        },
      ];
  const relaySpec = relayOf(direct);
  const started = [];
  for (const floor of floors) {
    const service = await startRelay(emulator, floor.server, floor.env);
    assertNodeProcess(service.pid, floor.server);
    await sanityCheck(service, relaySpec, 200);
    started.push({ ...floor, service });
  }
  // Both ledgers hold the same rows before any viewer load (their schemas are in place now).
  if (VIEWER_LEDGER_ROWS > 0) {
    process.stderr.write(`  seeding ${VIEWER_LEDGER_ROWS} ledger rows before the viewer loads…\n`);
    await seedViewerLedger({ ...databaseEnv, DATA_DIR: bff.dataDir });
    if (started.some((floor) => floor.target === 'viewer-recorded')) {
      await seedViewerLedger(recordedEnv);
    }
  }
  const top = Math.max(...CONNECTIONS);
  process.stderr.write(`  warming up each for ${JIT_WARMUP_S} s…\n`);
  await warmUp(emulator.url, direct, top, JIT_WARMUP_S);
  await warmUp(bff.url, viewer.spec, top, JIT_WARMUP_S);
  for (const { service } of started) await warmUp(service.url, relaySpec, top, JIT_WARMUP_S);
  // PostgreSQL's CPU is measured beside the BFF's and the service's, not the floors'.
  const database = TOKENS_ON_POSTGRES ? { database: 'postgres' } : {};
  const loads: { target: ViewerTarget; label: string; run: (c: number) => Promise<LoadResult> }[] =
    [
      {
        target: 'direct',
        label: DIRECT_LABEL,
        run: (c) =>
          runLoad(emulator.url, direct, { ...roundLoad(c), ...database, pid: emulator.pid }),
      },
      {
        target: 'viewer',
        label,
        run: (c) => runLoad(bff.url, viewer.spec, { ...roundLoad(c), ...database, pid: bff.pid }),
      },
      ...started.map((floor) => ({
        target: floor.target,
        label: floor.label,
        run: (c: number) =>
          runLoad(floor.service.url, relaySpec, { ...roundLoad(c), pid: floor.service.pid }),
      })),
    ];
  const rows: ThroughputRow[] = [];
  for (const connections of CONNECTIONS) {
    const rounds = new Map<ViewerTarget, LoadResult[]>(loads.map((l) => [l.target, []]));
    for (let round = 1; round <= VIEWER_ROUNDS; round += 1) {
      // Every other round the other way round, so no load always follows the same one.
      for (const load of round % 2 === 1 ? loads : [...loads].reverse()) {
        process.stderr.write(
          `  ${load.label}: ${connections} connection(s), round ${round} of ${VIEWER_ROUNDS}…\n`,
        );
        rounds.get(load.target)!.push(await load.run(connections));
      }
    }
    for (const load of loads) {
      const measured = rounds.get(load.target)!;
      rows.push({
        target: load.target,
        label: load.label,
        result: mergeLoads(measured),
        rounds: measured,
      });
    }
  }
  for (const { service } of started) await service.stop();
  return rows;
}

type ViewerTarget = 'direct' | 'viewer' | 'viewer-relay' | 'viewer-recorded';

/**
 * One round of a viewer load: DURATION_S and WARMUP_S shared out over the rounds (each server
 * was warmed up at length before the first).
 */
const roundLoad = (connections: number) => ({
  connections,
  durationS: Math.max(1, DURATION_S / VIEWER_ROUNDS),
  warmupS: Math.max(1, WARMUP_S / VIEWER_ROUNDS),
});

/** VIEWER_LEDGER_ROWS rows into the ledger `where` names (PostgreSQL's, or SQLite's DATA_DIR). */
async function seedViewerLedger(where: Record<string, string>) {
  if (where.DATABASE_URL && where.DATABASE_SCHEMA) {
    await seedLedgerPostgres(where.DATABASE_URL, where.DATABASE_SCHEMA, VIEWER_LEDGER_ROWS);
  } else if (where.DATA_DIR) {
    seedLedger(where.DATA_DIR, VIEWER_LEDGER_ROWS);
  } else {
    throw new Error('seeding a viewer ledger: neither DATABASE_URL nor DATA_DIR');
  }
}

const roundsOf = (rows: ThroughputRow[], target: ThroughputRow['target'], c: number) =>
  rows.find((row) => row.target === target && row.result?.connections === c)?.rounds ?? [];

/** "0.31–0.36×": the lowest and highest of a figure over the rounds. */
const spread = (values: readonly number[]) =>
  values.length === 0 || values.some((v) => !Number.isFinite(v))
    ? '—'
    : `${fmt(Math.min(...values), 2)}–${fmt(Math.max(...values), 2)}×`;

/** The relay floor's request: the token service body the relay forwards with its credential. */
const relayOf = (direct: LoadSpec): LoadSpec => ({
  ...direct,
  path: '/',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
});

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

const byConnections = (rows: ThroughputRow[], target: ThroughputRow['target'], c: number) =>
  rows.find((r) => r.target === target && r.result?.connections === c)?.result;

function printThroughput(rows: ThroughputRow[], database: string) {
  const byC = (target: ThroughputRow['target'], c: number) => byConnections(rows, target, c);
  printTable(
    `Token loads, BFF on ${database} (${DURATION_S} s per row after ${WARMUP_S} s warm-up${VIEWER_ROUNDS > 1 && wants('viewer') ? `, the viewer rows in ${VIEWER_ROUNDS} rounds` : ''}; server pinned to core ${CORE.server}, ` +
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
  if (!rows.some((r) => r.target === 'bff')) return [];
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

/**
 * What bounds the viewer row, from its own measurements: the share of the direct rate the
 * BFF's core would allow at 100% busy (one second over its CPU per token), and the share core
 * `CORE.rest` would allow (one second over its busy time per token: the token service's work,
 * the load generator's and, on PostgreSQL, the database's).
 */
function viewerCeilings(direct: LoadResult, viewer: LoadResult) {
  const restBusy = viewer.coreBusy[CORE.rest] ?? Number.NaN;
  const restSecondsPerToken = restBusy / viewer.rps;
  return {
    restBusy,
    bffCeiling: 1e6 / viewer.cpuUsPerRequest / direct.rps,
    restCeiling: 1 / restSecondsPerToken / direct.rps,
  };
}

/** The viewer-token endpoint's rate as a share of the token service's own, per pair of rows. */
function printViewerRatios(rows: ThroughputRow[], database: string) {
  const goal = TOKENS_ON_POSTGRES ? VIEWER_GOAL.postgresql : VIEWER_GOAL.sqlite;
  const ratios = CONNECTIONS.flatMap((c) => {
    const direct = byConnections(rows, 'direct', c);
    const viewer = byConnections(rows, 'viewer', c);
    const share = (target: ThroughputRow['target']) => {
      const floor = byConnections(rows, target, c);
      return floor && direct ? floor.rps / direct.rps : Number.NaN;
    };
    const relayRatio = share('viewer-relay');
    const recordedRatio = share('viewer-recorded');
    const recorded = byConnections(rows, 'viewer-recorded', c);
    const cpuOverFloor =
      viewer && recorded ? viewer.cpuUsPerRequest / recorded.cpuUsPerRequest : Number.NaN;
    // The same two figures round by round: how much the machine moved them in this run.
    const viewerRounds = roundsOf(rows, 'viewer', c);
    const directRounds = roundsOf(rows, 'direct', c);
    const recordedRounds = roundsOf(rows, 'viewer-recorded', c);
    const roundRatios = viewerRounds.map((v, i) => v.rps / (directRounds[i]?.rps ?? Number.NaN));
    const roundCpuOverFloor = recordedRounds.map(
      (f, i) => (viewerRounds[i]?.cpuUsPerRequest ?? Number.NaN) / f.cpuUsPerRequest,
    );
    return direct && viewer
      ? [
          {
            connections: c,
            ratio: viewer.rps / direct.rps,
            relayRatio,
            recordedRatio,
            cpuOverFloor,
            roundRatios,
            roundCpuOverFloor,
            ...viewerCeilings(direct, viewer),
            direct,
            viewer,
          },
        ]
      : [];
  });
  if (ratios.length === 0) return [];
  printTable(
    `Viewer tokens (BFF on ${database}) against the token service asked directly, same run (goal: ≥ ${goal}× its rate)`,
    [
      'conns',
      'direct req/s',
      'BFF req/s',
      'ratio',
      'ratio by round',
      'BFF CPU µs/req',
      'BFF core busy',
      ...(TOKENS_ON_POSTGRES ? ['PostgreSQL CPU µs/req'] : []),
      'goal',
      'relay floor ratio',
      'floor + row + seal ratio',
      `core ${CORE.rest} busy`,
      'ceiling: BFF core',
      `ceiling: core ${CORE.rest}`,
      'CPU/token vs floor + row + seal',
      'by round',
      `budget (≤ ${VIEWER_CPU_BUDGET}×)`,
    ],
    ratios.map((r) => [
      String(r.connections),
      fmt(r.direct.rps, 0),
      fmt(r.viewer.rps, 0),
      `${fmt(r.ratio, 2)}×`,
      spread(r.roundRatios),
      fmt(r.viewer.cpuUsPerRequest, 0),
      `${fmt(r.viewer.cpuShare * 100, 0)}%`,
      ...(TOKENS_ON_POSTGRES ? [fmt(r.viewer.databaseCpuUsPerRequest ?? Number.NaN, 0)] : []),
      verdict(r.ratio >= goal),
      Number.isFinite(r.relayRatio) ? `${fmt(r.relayRatio, 2)}×` : '(skipped)',
      Number.isFinite(r.recordedRatio) ? `${fmt(r.recordedRatio, 2)}×` : '(skipped)',
      `${fmt(r.restBusy * 100, 0)}%`,
      `${fmt(r.bffCeiling, 2)}×`,
      `${fmt(r.restCeiling, 2)}×`,
      Number.isFinite(r.cpuOverFloor) ? `${fmt(r.cpuOverFloor, 2)}×` : '(skipped)',
      r.roundCpuOverFloor.length > 0 ? spread(r.roundCpuOverFloor) : '(skipped)',
      verdict(Number.isFinite(r.cpuOverFloor) ? r.cpuOverFloor <= VIEWER_CPU_BUDGET : undefined),
    ]),
  );
  console.info(
    `Ceilings: the ratio each core would allow if it were the only bound, from what it spent ` +
      `per token in this row. BFF core: one core's second divided by the BFF's CPU per token. ` +
      `Core ${CORE.rest}: that core's second divided by its busy time per token (token service, ` +
      `load generator${TOKENS_ON_POSTGRES ? ', PostgreSQL' : ''}). Both as a share of the direct rate; ` +
      `core ${CORE.rest}'s cost per token grows as the rate falls, so its ceiling is this ` +
      `row's, not a fixed one. Budget (decision 021): the BFF's CPU per token at most ` +
      `${VIEWER_CPU_BUDGET}× the floor + row + seal's. Each load ran in ${VIEWER_ROUNDS} ` +
      `round(s), one after the other within each; a row is its rounds together, and "by ` +
      `round" is the lowest and highest of each round's own figure.`,
  );
  console.info(
    'Relay floor: a bare node:http handler forwarding the same token service body with the ' +
      "BFF's HTTP client, pinned like the BFF (bench/src/servers/relay.ts): what any relay of " +
      'these requests reaches on this machine. Floor + row + seal: the same plus what the ' +
      "goal keeps (every token's ledger row written behind the answer on SQLite, revocable ones " +
      "sealed) with the BFF's own code (bench/src/servers/relay-recorded.ts): what any " +
      'implementation of the endpoint would at least cost.',
  );
  if (TOKENS_ON_POSTGRES) {
    console.info(
      'PostgreSQL runs on this machine beside the token service and the load generator (core ' +
        `${CORE.rest}): its CPU per token is work that core does besides the limit's own.`,
    );
  }
  return ratios.map((r) => ({
    connections: r.connections,
    ratio: r.ratio,
    relayRatio: r.relayRatio,
    recordedRatio: r.recordedRatio,
    bffCeiling: r.bffCeiling,
    restCeiling: r.restCeiling,
    cpuOverFloor: r.cpuOverFloor,
    roundRatios: r.roundRatios,
    roundCpuOverFloor: r.roundCpuOverFloor,
    cpuBudget: VIEWER_CPU_BUDGET,
    goal,
  }));
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
      tokensDatabase: TOKENS_ON_POSTGRES ? 'postgresql' : 'sqlite',
    },
  };

  const needsEmulator = wants('tokens') || wants('viewer') || wants('bulk') || wants('ledger');
  const emulator = needsEmulator ? await startEmulatorProcess() : undefined;
  if (emulator && (wants('tokens') || wants('viewer'))) {
    const database = await tokensDatabase();
    try {
      const rows = await throughput(emulator, database.env);
      results.tokens = {
        database: database.label,
        rows,
        ratios: printThroughput(rows, database.label),
        viewer: printViewerRatios(rows, database.label),
      };
    } finally {
      await database.stop();
    }
  }
  if (wants('distance')) {
    process.stderr.write(`viewer tokens, token service ${DISTANCE_LATENCY_MS} ms away\n`);
    const options = {
      latencyMs: DISTANCE_LATENCY_MS,
      connections: DISTANCE_CONNECTIONS,
      durationS: DURATION_S,
      warmupS: WARMUP_S,
      env: BFF_BENCH_ENV,
    };
    const rows = await distanceRows(options);
    printDistance(rows, options);
    results.distance = { latencyMs: DISTANCE_LATENCY_MS, connections: DISTANCE_CONNECTIONS, rows };
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
      filters: env.BENCH_FILTERS,
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
