import { cspHash, escapeHtml } from '../../../lib/html-page.ts';
import { SSO_CONFIRM_MESSAGE, SSO_CONFIRM_PARAM, type SsoConfirmOutcome } from '@ptd/contracts';

/**
 * Tells the dashboard page that opened this window how the confirmation went, for this origin
 * only, and closes the window. Without an opener (a phone browser that opened a tab and forgot
 * where from), it opens the page the confirmation was for, which says how it went.
 */
const SCRIPT = `(function () {
  var outcome = document.body.getAttribute('data-outcome');
  var back = document.getElementById('back').getAttribute('href');
  if (window.opener && !window.opener.closed) {
    window.opener.postMessage({ type: '${SSO_CONFIRM_MESSAGE}', outcome: outcome }, window.location.origin);
    window.close();
  } else {
    window.location.replace(back);
  }
})();
`;
const STYLE = 'body{font:16px/1.5 system-ui,sans-serif;margin:2rem;color:#1f2328}';

/** Only its own script and style; nothing loaded, framed or posted anywhere. */
export const SSO_CONFIRMED_CSP = [
  "default-src 'none'",
  `script-src ${cspHash(SCRIPT)}`,
  `style-src ${cspHash(STYLE)}`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** `returnTo` with `?sso-confirm=<outcome>`: the page opened again, to say how it went. */
export function withOutcome(returnTo: string, outcome: SsoConfirmOutcome) {
  const url = new URL(returnTo, 'https://dashboard.invalid');
  url.searchParams.set(SSO_CONFIRM_PARAM, outcome);
  return `${url.pathname}${url.search}`;
}

/** The popup's last page. `returnTo` has been through safeReturnPath. */
export function ssoConfirmedPage(outcome: SsoConfirmOutcome, returnTo: string) {
  // Shown only for as long as the window takes to close: the dashboard says why, if it failed.
  const said =
    outcome === 'confirmed'
      ? 'Confirmed. You can close this window.'
      : 'Not confirmed. The dashboard says why.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Confirm it’s you</title>
<style>${STYLE}</style>
</head>
<body data-outcome="${escapeHtml(outcome)}">
<main>
<h1>Confirm it’s you</h1>
<p>${escapeHtml(said)}</p>
<p><a id="back" href="${escapeHtml(withOutcome(returnTo, outcome))}">Back to the dashboard</a></p>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
