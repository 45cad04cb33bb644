import type { SplayClaims } from '@ptd/contracts';
import { SafeHtml, markup } from '../html.ts';
import type { Verdict } from './decide.ts';
import { PLAYER_ERRORS } from './reasons.ts';
import { PAGE_STYLE } from './style.ts';

// The stylesheet is our own constant, not input: it bypasses escaping on purpose.
const STYLE = new SafeHtml(PAGE_STYLE);

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const yesNo = (value: boolean | undefined) =>
  value === undefined ? undefined : value ? 'yes' : 'no';

interface PageMarkers {
  verdict: 'allowed' | 'denied';
  reason?: string;
  code?: number;
}

/** The markers on <html> are what browser tests assert on; keep them stable. */
function page(markers: PageMarkers, title: string, body: SafeHtml): string {
  const reason = markers.reason ? markup` data-reason="${markers.reason}"` : '';
  const code = markers.code ? markup` data-error-code="${markers.code}"` : '';
  return markup`<!doctype html>
<html lang="en" data-verdict="${markers.verdict}"${reason}${code}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body class="${markers.verdict}">
<main>
${body}
</main>
</body>
</html>
`.value;
}

function restrictions(claims: SplayClaims): SafeHtml[] {
  const rows: [string, unknown][] = [
    ['Client IP', claims.ip],
    ['Domain', claims.domain],
    ['User', claims.user],
    ['Tag', claims.tag],
    ['Revocable', yesNo(claims.revocable)],
    ['Force disconnect', yesNo(claims.forceDisconnect)],
  ];
  const present = rows.filter(([, value]) => value !== undefined);
  if (present.length === 0) return [markup`<dt>Restrictions</dt><dd>none</dd>\n`];
  return present.map(([label, value]) => markup`<dt>${label}</dt><dd>${value}</dd>\n`);
}

function target(claims: SplayClaims): string {
  if (claims.orgawide) return 'entire organisation';
  if (claims.groupid) return `stream group ${claims.groupid}`;
  return `stream(s) ${(claims.streams ?? []).join(', ')}`;
}

function tokenFacts(claims: SplayClaims): SafeHtml {
  return markup`<h2>Token</h2>
<dl>
<dt>Valid from</dt><dd><time datetime="${iso(claims.nbf)}">${iso(claims.nbf)}</time> (UTC)</dd>
<dt>Valid until</dt><dd><time datetime="${iso(claims.exp)}">${iso(claims.exp)}</time> (UTC)</dd>
<dt>Target</dt><dd>${target(claims)}</dd>
${restrictions(claims)}<dt>Token id</dt><dd><code>${claims.jti}</code></dd>
</dl>`;
}

export function renderAllowed(verdict: Extract<Verdict, { allowed: true }>): string {
  const names = verdict.streams.map((s) => s.name);
  const items = verdict.streams.map(
    (s) =>
      markup`<li><code>${s.name}</code>${s.profile ? ` (${s.profile})` : ''}, state ${s.state}</li>\n`,
  );
  const token = verdict.claims
    ? tokenFacts(verdict.claims)
    : markup`<p>Secure playback is not enabled for this organisation: no token is needed.</p>`;
  const body = markup`<h1>Playback allowed</h1>
<p>Stream group <code>${verdict.groupId}</code> of ${verdict.org.name}.</p>
<div class="screen" role="img" aria-label="Animated test picture for ${names.join(', ')}">
<div class="sweep"></div><div class="badge">${names[0] ?? ''}</div>
</div>
<h2>Streams</h2>
<ul>
${items}</ul>
${token}`;
  return page({ verdict: 'allowed' }, `Playback allowed: ${names.join(', ')}`, body);
}

export function renderDenied(verdict: Extract<Verdict, { allowed: false }>): string {
  const error = PLAYER_ERRORS[verdict.reason];
  const detail = verdict.detail ? ` ${verdict.detail}` : '';
  const body = markup`<h1>Playback denied</h1>
<p class="error" role="alert"><strong>${error.summary}</strong>${detail}</p>
<dl>
<dt>Player error</dt><dd><code>${error.code}</code>: ${error.message}</dd>
<dt>Reason</dt><dd><code>${verdict.reason}</code></dd>
<dt>Stream group</dt><dd><code>${verdict.groupId ?? '(none given)'}</code></dd>
</dl>
${verdict.claims ? tokenFacts(verdict.claims) : ''}`;
  const markers = { verdict: 'denied', reason: verdict.reason, code: error.code } as const;
  return page(markers, `Playback denied: ${error.summary}`, body);
}
