import {
  DEFAULT_PLAYER_CONFIG,
  buildPlayoutUrl,
  entriesSourceLiteral,
  groupSourceLiteral,
  type PlayerConfig,
} from './player.ts';
import { PLAYBACK_TOKEN_PATH, VIEWER_EXAMPLE_PATH } from './policy.ts';
import type { TokenTarget } from './token-request.ts';

/**
 * What a customer's web page needs to play with a playback policy: ask the dashboard's public
 * endpoint for a token bound to this viewer, then hand it to the player.
 */
export interface ViewerSnippetInput {
  /** The dashboard's origin as viewers' browsers reach it, e.g. https://dashboard.example.com */
  origin: string;
  policyId: string;
  target: TokenTarget;
  /** The policy wants the signed-in viewer's identity JWT. */
  identityRequired: boolean;
  player?: PlayerConfig;
}

export const GROUP_ID_PLACEHOLDER = '<STREAM-GROUP-ID>';
const IDENTITY_PLACEHOLDER = '<VIEWER-IDENTITY-JWT>';

export const playbackTokenUrl = (origin: string) => `${origin}${PLAYBACK_TOKEN_PATH}`;

/** The example viewer page served by the dashboard, for this policy. */
export const viewerExampleUrl = (origin: string, policyId: string) =>
  `${origin}${VIEWER_EXAMPLE_PATH}?policy=${encodeURIComponent(policyId)}`;

const indent = (text: string, spaces: number) =>
  text
    .split('\n')
    .map((line, i) => (i === 0 ? line : ' '.repeat(spaces) + line))
    .join('\n');

/** Tries in all before `getPlaybackToken()` gives up on a busy or unreachable endpoint. */
export const SNIPPET_TOKEN_TRIES = 6;
/** Longest wait between two tries, in seconds (a rate-limit window is one minute). */
export const SNIPPET_MAX_WAIT_S = 60;

/**
 * `getPlaybackToken()`: resolves to `{ jwtoken, exp }` or rejects with the server's message.
 * An audience arrives at once when an event starts, so a busy answer (429: a policy's or an
 * address's limit) and a passing failure (502, 503, 504, or no answer) are tried again: after
 * the server's `Retry-After` (which the endpoint lets pages read) or 1, 2, 4, 8 … s, plus a
 * random part of up to as long again (at most 10 s), so the viewers refused together do not all
 * come back in the same second. Other refusals (a bad policy, another site, an identity) are
 * final at once.
 */
function fetchFunction(input: ViewerSnippetInput): string[] {
  const identity = input.identityRequired
    ? [
        '      // The signed-in viewer: a short-lived JWT your site signs (sub = the user id).',
        "      authorization: 'Bearer ' + viewerIdentity,",
      ]
    : [];
  return [
    ...(input.identityRequired
      ? [`  var viewerIdentity = ${JSON.stringify(IDENTITY_PLACEHOLDER)}; // from your sign-in`, '']
      : []),
    '  // A token bound to this viewer: their IP address, this site and (if required) their user.',
    '  // Busy or briefly unavailable: tried again later, the wait spread so that an audience',
    `  // arriving at once does not come back at once (${SNIPPET_TOKEN_TRIES} tries in all).`,
    '  function getPlaybackToken(attempt) {',
    '    attempt = attempt || 1;',
    '    function later(seconds) {',
    '      var base = seconds > 0 ? seconds : Math.pow(2, attempt - 1);',
    `      var wait = Math.min(${SNIPPET_MAX_WAIT_S}, base + Math.random() * Math.min(base, 10));`,
    '      return new Promise(function (resolve) {',
    '        setTimeout(resolve, wait * 1000);',
    '      }).then(function () {',
    '        return getPlaybackToken(attempt + 1);',
    '      });',
    '    }',
    `    return fetch(${JSON.stringify(playbackTokenUrl(input.origin))}, {`,
    "      method: 'POST',",
    '      headers: {',
    "        'content-type': 'application/json',",
    ...identity.map((line) => `  ${line}`),
    '      },',
    `      body: JSON.stringify({ policy: ${JSON.stringify(input.policyId)} }),`,
    '    }).then(',
    '      function (response) {',
    '        return response.json().catch(function () {',
    '          return {};',
    '        }).then(function (body) {',
    '          if (response.ok) return body; // { jwtoken, exp }',
    '          var passing = [429, 502, 503, 504].indexOf(response.status) >= 0;',
    `          if (!passing || attempt >= ${SNIPPET_TOKEN_TRIES}) {`,
    '            var message = body && body.message;',
    "            throw new Error(message || 'The token endpoint answered ' + response.status + '.');",
    '          }',
    "          return later(Number(response.headers.get('retry-after')));",
    '        });',
    '      },',
    '      function (error) {',
    `        if (attempt >= ${SNIPPET_TOKEN_TRIES}) throw error;`,
    '        return later(0);',
    '      }',
    '    );',
    '  }',
  ];
}

const groupIdOf = (target: TokenTarget) =>
  target.type === 'group' ? target.groupId : GROUP_ID_PLACEHOLDER;

/** The page snippet with the H5Live player (NanoPlayer) started on the fetched token. */
export function buildViewerPlayerSnippet(input: ViewerSnippetInput): string {
  const config = input.player ?? DEFAULT_PLAYER_CONFIG;
  const source =
    input.target.type === 'streams'
      ? entriesSourceLiteral(input.target.streams, 'answer.jwtoken', config)
      : groupSourceLiteral(groupIdOf(input.target), 'answer.jwtoken', config);
  return [
    '<div id="playerDiv"></div>',
    `<script src="${config.playerScriptUrl}"></script>`,
    '<script>',
    ...fetchFunction(input),
    '',
    '  getPlaybackToken()',
    '    .then(function (answer) {',
    "      var player = new NanoPlayer('playerDiv');",
    '      return player.setup({',
    `        source: ${indent(source, 8)},`,
    '        playback: { autoplay: true, automute: true, muted: true },',
    '      });',
    '    })',
    '    .catch(function (error) {',
    '      console.error(error.message);',
    '    });',
    '</script>',
  ].join('\n');
}

/**
 * The page snippet with the web playout page in an iframe. Null for a streams target: the
 * playout page opens a stream group. `referrerpolicy="origin"` lets the player see this site,
 * which the token's domain binding needs.
 */
export function buildViewerIframeSnippet(input: ViewerSnippetInput): string | null {
  if (input.target.type === 'streams') return null;
  const config = input.player ?? DEFAULT_PLAYER_CONFIG;
  const playout = buildPlayoutUrl({ groupId: groupIdOf(input.target) }, config);
  return [
    '<iframe id="player" title="Live stream" width="1280" height="720" style="border:0;max-width:100%;aspect-ratio:16/9" allow="autoplay; fullscreen" allowfullscreen referrerpolicy="origin"></iframe>',
    '<script>',
    ...fetchFunction(input),
    '',
    '  getPlaybackToken()',
    '    .then(function (answer) {',
    `      var url = new URL(${JSON.stringify(playout)});`,
    "      url.searchParams.set('group.security.jwtoken', answer.jwtoken);",
    "      document.getElementById('player').src = url.toString();",
    '    })',
    '    .catch(function (error) {',
    '      console.error(error.message);',
    '    });',
    '</script>',
  ].join('\n');
}
