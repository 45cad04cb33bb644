import { z } from 'zod';

/**
 * Where a viewer's player lives. The defaults are nanoStream Cloud's public player; the BFF
 * replaces them with the emulator's when it runs on the embedded default.
 */
export const playerConfigSchema = z.object({
  embedUrl: z.url(),
  playerScriptUrl: z.url(),
  bintuApiUrl: z.url(),
  rtmpUrl: z.string().min(1),
  websocketUrl: z.string().min(1),
  hlsUrl: z.url(),
});
export type PlayerConfig = z.infer<typeof playerConfigSchema>;

export const DEFAULT_PLAYER_CONFIG: PlayerConfig = {
  embedUrl: 'https://demo.nanocosmos.de/nanoplayer/embed/1.3.3/nanoplayer.html',
  playerScriptUrl: 'https://demo.nanocosmos.de/nanoplayer/api/release/nanoplayer.5.min.js',
  bintuApiUrl: 'https://bintu.nanocosmos.de',
  rtmpUrl: 'rtmp://bintu-splay.nanocosmos.de/splay',
  websocketUrl: 'wss://bintu-h5live-secure.nanocosmos.de/h5live/authstream',
  hlsUrl: 'https://bintu-h5live-secure.nanocosmos.de/h5live/authhttp/playlist.m3u8',
};

/** The path of the web playout page below a player host (the emulator serves the same path). */
export const EMBED_PATH = '/nanoplayer/embed/1.3.3/nanoplayer.html';

export interface GroupSource {
  /** Stream group id, or the id of a single (or ABR parent) stream. */
  groupId: string;
  token?: string | undefined;
}

export interface EntriesSource {
  streamNames: readonly string[];
  token?: string | undefined;
}

const PLACEHOLDER = '<YOUR-PLAYBACK-TOKEN>';

/** The web playout URL; it carries the token as `group.security.jwtoken` when one is given. */
export function buildPlayoutUrl(source: GroupSource, config: PlayerConfig = DEFAULT_PLAYER_CONFIG) {
  const url = new URL(config.embedUrl);
  url.searchParams.set('group.id', source.groupId);
  if (source.token) url.searchParams.set('group.security.jwtoken', source.token);
  url.searchParams.set('options.adaption.rule', 'deviationOfMean2');
  url.searchParams.set('startIndex', '0');
  url.searchParams.set('playback.latencyControlMode', 'balancedadaptive');
  return url.toString();
}

const indent = (text: string, spaces: number) =>
  text
    .split('\n')
    .map((line, i) => (i === 0 ? line : ' '.repeat(spaces) + line))
    .join('\n');

function wrapSetup(sourceLiteral: string, config: PlayerConfig) {
  return [
    '<div id="playerDiv"></div>',
    `<script src="${config.playerScriptUrl}"></script>`,
    '<script>',
    "  var player = new NanoPlayer('playerDiv');",
    '  var config = {',
    `    source: ${indent(sourceLiteral, 4)},`,
    '    playback: { autoplay: true, automute: true, muted: true },',
    '  };',
    '  player.setup(config).then(function (cfg) {',
    "    console.log('player ready', cfg);",
    '  }, function (error) {',
    '    console.error(error.message);',
    '  });',
    '</script>',
  ].join('\n');
}

/**
 * The `source` object literal of the stream-group form. `tokenExpression` is JavaScript: a
 * quoted token, or an expression such as `answer.jwtoken` in a snippet that fetches one.
 */
export function groupSourceLiteral(
  groupId: string,
  tokenExpression: string,
  config: PlayerConfig = DEFAULT_PLAYER_CONFIG,
) {
  return [
    '{',
    '  group: {',
    `    id: ${JSON.stringify(groupId)},`,
    `    apiurl: ${JSON.stringify(config.bintuApiUrl)},`,
    "    startQuality: 'medium',",
    `    security: { jwtoken: ${tokenExpression} },`,
    '  },',
    '}',
  ].join('\n');
}

/** The `source` object literal of the entries form: one entry per stream name. */
export function entriesSourceLiteral(
  streamNames: readonly string[],
  tokenExpression: string,
  config: PlayerConfig = DEFAULT_PLAYER_CONFIG,
) {
  const entries = streamNames.flatMap((name, index) => [
    '    {',
    `      index: ${index},`,
    '      h5live: {',
    `        rtmp: { url: ${JSON.stringify(config.rtmpUrl)}, streamname: ${JSON.stringify(name)} },`,
    '        server: {',
    `          websocket: ${JSON.stringify(config.websocketUrl)},`,
    `          hls: ${JSON.stringify(config.hlsUrl)},`,
    '        },',
    `        security: { jwtoken: ${tokenExpression} },`,
    '      },',
    '    },',
  ]);
  return ['{', '  startIndex: 0,', '  entries: [', ...entries, '  ],', '}'].join('\n');
}

/** H5Live player snippet in the stream-group form: `source.group.security.jwtoken`. */
export function buildGroupSnippet(
  source: GroupSource,
  config: PlayerConfig = DEFAULT_PLAYER_CONFIG,
) {
  const token = JSON.stringify(source.token ?? PLACEHOLDER);
  return wrapSetup(groupSourceLiteral(source.groupId, token, config), config);
}

/** H5Live player snippet in the entries form: one entry per stream name, each with the token. */
export function buildEntriesSnippet(
  source: EntriesSource,
  config: PlayerConfig = DEFAULT_PLAYER_CONFIG,
) {
  const token = JSON.stringify(source.token ?? PLACEHOLDER);
  return wrapSetup(entriesSourceLiteral(source.streamNames, token, config), config);
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The iframe embed code for the web playout URL. */
export function buildIframeEmbed(
  source: GroupSource,
  config: PlayerConfig = DEFAULT_PLAYER_CONFIG,
) {
  const src = escapeAttribute(buildPlayoutUrl(source, config));
  return `<iframe src="${src}" width="1280" height="720" style="border:0;max-width:100%;aspect-ratio:16/9" allow="autoplay; fullscreen" allowfullscreen referrerpolicy="origin"></iframe>`;
}

/** The bare `security` object of a player setup, as nanoStream's dashboard offers it to paste. */
export function buildSecurityObject(token: string) {
  return `security: { jwtoken: ${JSON.stringify(token)} }`;
}
