import { createHash } from 'node:crypto';
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

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Only its own script and style; nothing loaded, framed or posted anywhere. */
export const SSO_CONFIRMED_CSP = [
  "default-src 'none'",
  `script-src ${hash(SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escape = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

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
<body data-outcome="${escape(outcome)}">
<main>
<h1>Confirm it’s you</h1>
<p>${escape(said)}</p>
<p><a id="back" href="${escape(withOutcome(returnTo, outcome))}">Back to the dashboard</a></p>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
