import type { FindingSummary, Summary } from './run.ts';

const percent = (share: number) => `${(share * 100).toFixed(2)} %`;

/** `POST /api/tokens server-error ×3: 500 … | repro {…}` */
export function formatFinding(finding: FindingSummary): string {
  const example = finding.examples[0];
  const repro = example ? JSON.stringify(example.repro) : '';
  return `${finding.route} ${finding.reason} ×${finding.count}: ${example?.detail ?? ''} | repro ${repro}`;
}

const routeLine = (route: string, c: Record<string, number>) =>
  `  ${route.padEnd(52)} ${String(c.sent ?? 0).padStart(6)}: ${c['2xx'] ?? 0} / ${c['4xx'] ?? 0} / ${c['5xx'] ?? 0}`;

function otherRoutes(summary: Summary): Record<string, number> {
  const total: Record<string, number> = {};
  for (const [route, counts] of Object.entries(summary.routes)) {
    if (summary.declaredRoutes.includes(route)) continue;
    for (const [key, n] of Object.entries(counts)) total[key] = (total[key] ?? 0) + n;
  }
  return total;
}

/** The campaign's summary as text for a terminal. */
export function formatSummary(summary: Summary, examples = 3): string {
  const lines = [
    `seed ${summary.seed}, ${summary.sent} requests (${summary.byTransport.inject} through inject, ${summary.byTransport.socket} as raw HTTP on a socket) in ${(summary.durationMs / 1000).toFixed(1)} s`,
    `answers: ${Object.entries(summary.status)
      .map(([bucket, n]) => `${bucket} ${n}`)
      .join(', ')} (no answer: requests cut short on purpose; to any other it is a finding)`,
    `5xx answers: ${summary.serverErrors}`,
    `4xx/5xx answers in the error shape {code, message, issues?}: ${summary.errorShape.inShape} of ${summary.errorShape.answers} (${percent(summary.errorShape.share)})`,
    `validation 400s naming the field: ${summary.validation400.namingField} of ${summary.validation400.answers} (${percent(summary.validation400.share)})`,
    '',
    'per route (sent: 2xx / 4xx / 5xx):',
    ...summary.declaredRoutes
      .slice()
      .sort()
      .map((route) => routeLine(route, summary.routes[route] ?? {})),
    routeLine('other (HEAD, wrong methods, raw HTTP off any route)', otherRoutes(summary)),
    `raw HTTP cases: ${Object.entries(summary.transportCategories)
      .map(([category, n]) => `${category} ${n}`)
      .join(', ')}`,
    '',
  ];
  const unknown = summary.findings.filter((f) => !f.known);
  const known = summary.findings.filter((f) => f.known);
  lines.push(`new findings: ${unknown.length}`);
  for (const finding of unknown) {
    lines.push(`  ${finding.route} ${finding.reason} ×${finding.count}`);
    for (const example of finding.examples.slice(0, examples)) {
      lines.push(
        `    ${example.detail.slice(0, 200)}`,
        `    repro ${JSON.stringify(example.repro).slice(0, 1200)}`,
      );
    }
  }
  lines.push(`known open findings seen: ${known.length}`);
  for (const finding of known) lines.push(`  ${finding.route} ${finding.reason} ×${finding.count}`);
  if (summary.knownNotSeen.length) {
    lines.push(
      `known findings not seen in this run (fixed? drop them): ${summary.knownNotSeen.join('; ')}`,
    );
  }
  return lines.join('\n');
}
