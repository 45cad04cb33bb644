import { cspHash, escapeHtml } from '../../lib/html-page.ts';

/**
 * The example viewer page: what a customer's page does, with nothing loaded from elsewhere.
 * Script and style are fixed text (allowed by hash in the CSP); the per-request values travel
 * in data attributes, HTML-escaped.
 */

export const VIEWER_STYLE = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f4f6f8}
main{max-width:960px;margin:0 auto;padding:24px 16px 48px}
h1{font-size:1.5rem;margin:0 0 4px}
p.lead{margin:0 0 20px;color:#4a5560}
form{display:grid;gap:12px;grid-template-columns:1fr 1fr;background:#fff;border:1px solid #d5dbe1;border-radius:8px;padding:16px}
label{display:grid;gap:4px;font-weight:600;font-size:.875rem}
label.wide{grid-column:1/-1}
input,textarea{font:inherit;font-weight:400;padding:8px 10px;border:1px solid #9aa5b1;border-radius:6px}
textarea{min-height:64px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8125rem}
button{grid-column:1/-1;justify-self:start;font:inherit;font-weight:600;padding:8px 20px;border:0;border-radius:6px;background:#0b5cad;color:#fff;cursor:pointer}
button:focus-visible,input:focus-visible,textarea:focus-visible,a:focus-visible{outline:3px solid #0b5cad;outline-offset:2px}
.status,.problem{margin:16px 0 0;padding:10px 12px;border-radius:6px}
.status{background:#e7f1fb;color:#0a3d70}
.problem{background:#fdecec;color:#8a1414;font-weight:600}
.player{margin-top:16px;width:100%;aspect-ratio:16/9;border:0;border-radius:8px;background:#000}
small{color:#4a5560;font-weight:400}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9375rem}
@media (max-width:640px){form{grid-template-columns:1fr}}
`;

export const VIEWER_SCRIPT = `
(function () {
  var root = document.getElementById('viewer');
  var form = document.getElementById('viewer-form');
  var policy = document.getElementById('policy');
  var group = document.getElementById('group');
  var identity = document.getElementById('identity');
  var status = document.getElementById('status');
  var problem = document.getElementById('problem');
  var frame = document.getElementById('player');
  var link = document.getElementById('open-player');
  document.getElementById('page-origin').textContent = location.origin;

  function say(element, text) {
    element.textContent = text;
    element.hidden = !text;
  }

  function refuse(code, message) {
    say(status, '');
    say(problem, 'No playback: ' + message + (code ? ' (' + code + ')' : ''));
    root.setAttribute('data-state', 'refused');
    root.setAttribute('data-error', code || 'network');
  }

  // Busy (429) or briefly unavailable (502, 503, 504, no answer): tried again, as the page
  // snippets do, after Retry-After or 1, 2, 4, 8 s, plus a random part of up to as long again.
  var TRIES = 6;
  // A new press of Play drops a wait still running for the previous one.
  var current = 0;

  function play() {
    current += 1;
    say(problem, '');
    frame.hidden = true;
    frame.removeAttribute('src');
    link.hidden = true;
    root.setAttribute('data-state', 'requesting');
    root.removeAttribute('data-error');
    if (!policy.value.trim() || !group.value.trim()) {
      refuse('', 'enter the playback policy id and the stream group id.');
      return;
    }
    request(current, 1);
  }

  function later(run, attempt, seconds, why) {
    var base = seconds > 0 ? seconds : Math.pow(2, attempt - 1);
    var wait = Math.min(60, base + Math.random() * Math.min(base, 10));
    say(status, why + ' Trying again in ' + Math.ceil(wait) + ' s (try ' + (attempt + 1) + ' of ' + TRIES + ')…');
    root.setAttribute('data-state', 'waiting');
    setTimeout(function () {
      if (run === current) request(run, attempt + 1);
    }, wait * 1000);
  }

  function request(run, attempt) {
    say(status, 'Requesting a playback token…');
    root.setAttribute('data-state', 'requesting');
    var headers = { 'content-type': 'application/json' };
    if (identity.value.trim()) headers.authorization = 'Bearer ' + identity.value.trim();
    fetch(root.getAttribute('data-endpoint'), {
      method: 'POST',
      headers: headers,
      body: JSON.stringify({ policy: policy.value.trim() }),
    })
      .then(
        function (response) {
          return response.json().then(
            function (body) { return { response: response, body: body || {} }; },
            function () { return { response: response, body: {} }; }
          );
        },
        function (error) { return { error: error }; }
      )
      .then(function (result) {
        if (run !== current) return;
        if (result.error) {
          if (attempt < TRIES) return later(run, attempt, 0, 'The token endpoint cannot be reached.');
          refuse('', 'the token endpoint cannot be reached (' + result.error.message + ').');
          return;
        }
        var body = result.body;
        var code = result.response.status;
        if (!result.response.ok) {
          if ([429, 502, 503, 504].indexOf(code) >= 0 && attempt < TRIES) {
            return later(run, attempt, Number(result.response.headers.get('retry-after')), body.message || 'The token endpoint is busy.');
          }
          refuse(body.code, body.message || 'the server answered ' + code + '.');
          return;
        }
        var url = new URL(root.getAttribute('data-playout'));
        url.searchParams.set('group.id', group.value.trim());
        url.searchParams.set('group.security.jwtoken', body.jwtoken);
        frame.src = url.toString();
        frame.hidden = false;
        link.href = url.toString();
        link.hidden = false;
        say(status, 'Playing with a token valid until ' + new Date(body.exp * 1000).toLocaleString() + '.');
        root.setAttribute('data-state', 'playing');
      })
      .catch(function (error) {
        if (run === current) refuse('', 'the player could not be started (' + error.message + ').');
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    play();
  });
  if (policy.value && group.value) play();
})();
`;

/** Only our script and style run; the page may call this origin and frame the player only. */
export function viewerPageCsp(playerOrigin: string) {
  return [
    "default-src 'none'",
    `script-src ${cspHash(VIEWER_SCRIPT)}`,
    `style-src ${cspHash(VIEWER_STYLE)}`,
    "connect-src 'self'",
    `frame-src ${playerOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface ViewerPageValues {
  endpoint: string;
  /** The web playout URL without a token; the script sets the group and the token. */
  playout: string;
  policyId: string;
  groupId: string;
}

export function renderViewerPage(values: ViewerPageValues) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Example viewer page</title>
<style>${VIEWER_STYLE}</style>
</head>
<body>
<main id="viewer" data-endpoint="${escapeHtml(values.endpoint)}" data-playout="${escapeHtml(values.playout)}" data-state="idle">
<h1>Example viewer page</h1>
<p class="lead">Like a customer's page: it asks the dashboard for a playback token bound to this viewer (IP address, this site, the signed-in user) and opens the player with it.</p>
<p class="lead">This page's origin is <code id="page-origin"></code>: the policy's allowed sites must list exactly that origin (scheme, host name and port), or the token is refused.</p>
<form id="viewer-form" novalidate>
<label>Playback policy id<input id="policy" name="policy" autocomplete="off" spellcheck="false" value="${escapeHtml(values.policyId)}"></label>
<label>Stream group id<input id="group" name="group" autocomplete="off" spellcheck="false" value="${escapeHtml(values.groupId)}"></label>
<label class="wide">Viewer identity <small>(a JWT signed by the site; only for policies that require a signed-in viewer)</small><textarea id="identity" name="identity" spellcheck="false"></textarea></label>
<button type="submit">Play</button>
</form>
<p id="status" class="status" role="status" hidden></p>
<p id="problem" class="problem" role="alert" hidden></p>
<iframe id="player" class="player" title="Player" hidden allow="autoplay; fullscreen" allowfullscreen referrerpolicy="origin"></iframe>
<p><a id="open-player" href="#" target="_blank" rel="noopener" referrerpolicy="origin" hidden>Open the player page in a new tab</a></p>
</main>
<script>${VIEWER_SCRIPT}</script>
</body>
</html>
`;
}
