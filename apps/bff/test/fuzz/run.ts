import fc from 'fast-check';
import { SEED } from '@ptd/emulator';
import { batchSeed, requestPlan } from './generate.ts';
import { KNOWN_FINDINGS, knownFinding } from './known-findings.ts';
import { check, namesField, type Exchange, type Finding } from './oracle.ts';
import { regressionCases, regressionPlans } from './regressions.ts';
import { concretise, printable, sendInject, type Repro } from './send-inject.ts';
import { sendCase } from './send-socket.ts';
import { transportCase } from './transport-cases.ts';
import { wellFormedPlans, wellFormedRoutes } from './well-formed.ts';
import type { World } from './world.ts';

const BATCH = 200;
/** Of each batch, this many go over a raw socket as hostile HTTP; the rest through `inject`. */
const SOCKET_PER_BATCH = 30;
const EXAMPLES_PER_FINDING = 3;

export interface FindingSummary {
  route: string;
  reason: string;
  count: number;
  /** Why it is tolerated for now, when it is on the known list. */
  known?: string;
  examples: Array<{ detail: string; repro: Repro }>;
}

export interface Summary {
  seed: number;
  runs: number;
  durationMs: number;
  sent: number;
  byTransport: { inject: number; socket: number };
  status: Record<'2xx' | '3xx' | '4xx' | '5xx' | 'no answer', number>;
  serverErrors: number;
  errorShape: { answers: number; inShape: number; share: number };
  validation400: { answers: number; namingField: number; share: number };
  /** Writing routes sent a contract-checked body: each must have had a 2xx. */
  wellFormed: string[];
  /** The routes the router serves (`METHOD /pattern`), as found at the start. */
  declaredRoutes: string[];
  /** Per `METHOD /pattern` sent (also wrong methods, HEAD, raw cases): counts per status. */
  routes: Record<string, Record<string, number>>;
  transportCategories: Record<string, number>;
  findings: FindingSummary[];
  /** Known findings that did not occur in this run (perhaps fixed: the lead may drop them). */
  knownNotSeen: string[];
}

const STAFF = new Set(['admin', 'editor', 'viewer']);

/** A 2xx that clears the session cookie: the caller's session has ended on the server. */
const clearsSession = (exchange: Exchange) =>
  exchange.status !== null &&
  exchange.status < 300 &&
  [exchange.headers['set-cookie'] ?? []].flat().some((cookie) => /ptd_session=;/.test(cookie));

const bucket = (status: number | null) =>
  status === null ? 'no answer' : (`${Math.floor(status / 100)}xx` as '2xx');

export async function runCampaign(
  world: World,
  options: { seed: number; runs: number; onBatch?: (sent: number) => void },
): Promise<Summary> {
  const started = performance.now();
  const summary: Summary = {
    seed: options.seed,
    runs: options.runs,
    durationMs: 0,
    sent: 0,
    byTransport: { inject: 0, socket: 0 },
    status: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, 'no answer': 0 },
    serverErrors: 0,
    errorShape: { answers: 0, inShape: 0, share: 1 },
    validation400: { answers: 0, namingField: 0, share: 1 },
    declaredRoutes: world.routes.map((route) => route.key),
    wellFormed: wellFormedRoutes(world.routes, world.pools),
    routes: {},
    transportCategories: {},
    findings: [],
    knownNotSeen: [],
  };
  const findings = new Map<string, FindingSummary>();

  const record = async (exchange: Exchange, repro: Repro) => {
    summary.sent += 1;
    summary.status[bucket(exchange.status)] += 1;
    const route = (summary.routes[exchange.route] ??= { sent: 0 });
    route.sent = (route.sent ?? 0) + 1;
    route[bucket(exchange.status)] = (route[bucket(exchange.status)] ?? 0) + 1;
    const answer = `${exchange.status ?? 'none'} ${codeOf(exchange.body)}`.trim();
    route[answer] = (route[answer] ?? 0) + 1;
    const found = check(exchange);
    tally(summary, exchange, found);
    for (const finding of found) {
      const key = `${finding.route} ${finding.reason}`;
      const entry = findings.get(key) ?? newFinding(finding);
      entry.count += 1;
      if (entry.examples.length < EXAMPLES_PER_FINDING) {
        entry.examples.push({ detail: finding.detail, repro: printable(repro) });
      }
      findings.set(key, entry);
    }
    if (exchange.status !== null && exchange.status < 300) learn(world, exchange, repro);
    // A generated request may have signed this caller out for real (sessions end on the server):
    // a 401 says so, and so does an answer clearing its cookie (it ended its own session).
    if (STAFF.has(exchange.caller) && (exchange.status === 401 || clearsSession(exchange))) {
      await world.signInAgain(exchange.caller);
    }
  };

  for (const plan of regressionPlans(world.routes)) {
    const repro = concretise(world, plan);
    await record(await sendInject(world, plan, repro), repro);
    summary.byTransport.inject += 1;
  }
  for (const plan of wellFormedPlans(world.routes, world.pools, options.seed)) {
    const repro = concretise(world, plan);
    await record(await sendInject(world, plan, repro), repro);
    summary.byTransport.inject += 1;
  }
  for (const c of regressionCases(world.routes)) {
    const { exchange, repro } = await sendCase(world, c);
    await record(exchange, repro);
    summary.byTransport.socket += 1;
  }

  const plans = requestPlan(world.routes);
  const cases = transportCase(world.routes);
  for (let done = 0, batch = 0; done < options.runs; batch += 1) {
    const size = Math.min(BATCH, options.runs - done);
    const sockets = Math.round((size * SOCKET_PER_BATCH) / BATCH);
    const seed = batchSeed(options.seed, batch);
    for (const plan of fc.sample(plans, { seed, numRuns: size - sockets })) {
      const repro = concretise(world, plan);
      await record(await sendInject(world, plan, repro), repro);
      summary.byTransport.inject += 1;
    }
    for (const c of sockets ? fc.sample(cases, { seed, numRuns: sockets }) : []) {
      const { exchange, repro } = await sendCase(world, c);
      await record(exchange, repro);
      summary.byTransport.socket += 1;
      summary.transportCategories[c.category] = (summary.transportCategories[c.category] ?? 0) + 1;
    }
    done += size;
    options.onBatch?.(done);
  }

  for (const finding of await afterRun(world)) {
    findings.set(`${finding.route} ${finding.reason}`, { ...newFinding(finding), count: 1 });
  }
  summary.findings = [...findings.values()].sort((a, b) => b.count - a.count);
  summary.knownNotSeen = KNOWN_FINDINGS.filter(
    (known) => !findings.has(`${known.route} ${known.reason}`),
  ).map((known) => `${known.route} ${known.reason}`);
  summary.errorShape.share = ratio(summary.errorShape.inShape, summary.errorShape.answers);
  summary.validation400.share = ratio(
    summary.validation400.namingField,
    summary.validation400.answers,
  );
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}

/** Ids and tokens from a successful answer; its body, as a seed for later mutations. */
function learn(world: World, exchange: Exchange, repro: Repro) {
  try {
    world.pools.harvest(exchange.path, JSON.parse(exchange.body) as unknown);
    if (repro.transport === 'inject' && repro.body !== undefined && exchange.method !== 'GET') {
      world.pools.keepBody(exchange.route, JSON.parse(repro.body) as unknown);
    }
  } catch {
    // Not JSON (the docs page, a HEAD answer): nothing to learn.
  }
}

function codeOf(body: string): string {
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code;
    return typeof code === 'string' ? code : '';
  } catch {
    return '';
  }
}

const ratio = (part: number, whole: number) =>
  whole ? Math.round((part / whole) * 10_000) / 10_000 : 1;

function newFinding(finding: Finding): FindingSummary {
  const known = knownFinding(finding.route, finding.reason);
  return {
    route: finding.route,
    reason: finding.reason,
    count: 0,
    ...(known ? { known: known.note } : {}),
    examples: [],
  };
}

function tally(summary: Summary, exchange: Exchange, found: Finding[]) {
  if (exchange.status !== null && exchange.status >= 500) summary.serverErrors += 1;
  if (exchange.status === null || exchange.status < 400 || exchange.method === 'HEAD') return;
  summary.errorShape.answers += 1;
  if (!found.some((f) => f.reason === 'error-shape')) summary.errorShape.inShape += 1;
  if (exchange.status !== 400) return;
  try {
    const body = JSON.parse(exchange.body) as { code?: string; message: string };
    if (body.code !== 'invalid-request') return;
    summary.validation400.answers += 1;
    if (namesField(body)) summary.validation400.namingField += 1;
  } catch {
    // Counted as an error-shape finding already.
  }
}

/** What no single answer shows: the credential in a log line or an audit entry. */
async function afterRun(world: World): Promise<Finding[]> {
  const credentials = Object.values(SEED.credentials).flatMap(
    (org) => Object.values(org) as string[],
  );
  const rows = await world.t.app.db.selectFrom('audit_log').select('details').execute();
  const places = { LOG: world.t.rawLogs(), AUDIT: rows.map((row) => row.details).join('\n') };
  return Object.entries(places).flatMap(([route, text]) =>
    credentials
      .filter((credential) => text.includes(credential))
      .map((credential) => ({
        route,
        reason: 'credential-leak' as const,
        detail: `${route === 'LOG' ? 'a log line' : 'an audit entry'} carries ${credential}`,
      })),
  );
}
