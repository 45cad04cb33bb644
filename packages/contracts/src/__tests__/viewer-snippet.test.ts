import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYER_CONFIG } from '../player.ts';
import {
  GROUP_ID_PLACEHOLDER,
  buildViewerIframeSnippet,
  buildViewerPlayerSnippet,
  viewerExampleUrl,
  type ViewerSnippetInput,
} from '../viewer-snippet.ts';

const input: ViewerSnippetInput = {
  origin: 'https://dashboard.example.com',
  policyId: 'pol-1',
  target: { type: 'group', groupId: 'grp-1' },
  identityRequired: false,
};

const lastScript = (html: string) => {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
  return scripts[scripts.length - 1]?.[1] ?? '';
};

interface Run {
  request: { url: string; init: { headers: Record<string, string>; body: string } };
  setup?: unknown;
  iframeSrc?: string;
  errors: string[];
}

/** Runs a snippet's script against a fake fetch, player and page; returns what it did. */
async function run(html: string, answer: { status: number; body: unknown }): Promise<Run> {
  const result = { errors: [] as string[] } as Run;
  const fetch = (url: string, init: Run['request']['init']) => {
    result.request = { url, init };
    return Promise.resolve({
      ok: answer.status < 400,
      json: () => Promise.resolve(answer.body),
    });
  };
  function NanoPlayer(this: { setup: (config: unknown) => Promise<void> }) {
    this.setup = (config) => {
      result.setup = config;
      return Promise.resolve();
    };
  }
  const iframe = { src: '' };
  const document = { getElementById: () => iframe };
  const console = { error: (message: string) => result.errors.push(message) };
  new Function('fetch', 'NanoPlayer', 'document', 'console', lastScript(html))(
    fetch,
    NanoPlayer,
    document,
    console,
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (iframe.src) result.iframeSrc = iframe.src;
  return result;
}

describe('viewer snippets', () => {
  it('should fetch a token for the policy and start the player with it', async () => {
    const html = buildViewerPlayerSnippet(input);
    expect(html).toContain(`<script src="${DEFAULT_PLAYER_CONFIG.playerScriptUrl}"></script>`);
    const done = await run(html, { status: 200, body: { jwtoken: 'tok-123', exp: 1 } });
    expect(done.request.url).toBe('https://dashboard.example.com/playback-token');
    expect(JSON.parse(done.request.init.body)).toEqual({ policy: 'pol-1' });
    expect(done.request.init.headers).toEqual({ 'content-type': 'application/json' });
    expect(done.setup).toMatchObject({
      source: { group: { id: 'grp-1', security: { jwtoken: 'tok-123' } } },
    });
  });

  it('should send the viewer identity as a bearer token when the policy wants one', async () => {
    const done = await run(buildViewerPlayerSnippet({ ...input, identityRequired: true }), {
      status: 200,
      body: { jwtoken: 't', exp: 1 },
    });
    expect(done.request.init.headers.authorization).toBe('Bearer <VIEWER-IDENTITY-JWT>');
  });

  it('should show the server’s refusal instead of starting the player', async () => {
    const done = await run(buildViewerPlayerSnippet(input), {
      status: 403,
      body: { code: 'origin-not-allowed', message: 'This site may not play this stream.' },
    });
    expect(done.setup).toBeUndefined();
    expect(done.errors).toEqual(['This site may not play this stream.']);
  });

  it('should use the entries form for a streams target, with the token in each entry', async () => {
    const html = buildViewerPlayerSnippet({
      ...input,
      target: { type: 'streams', streams: ['Ab-1', 'Ab-2'] },
    });
    const done = await run(html, { status: 200, body: { jwtoken: 'tok', exp: 1 } });
    const source = (done.setup as { source: { entries: unknown[] } }).source;
    expect(source.entries).toHaveLength(2);
    expect(source.entries[1]).toMatchObject({
      h5live: { rtmp: { streamname: 'Ab-2' }, security: { jwtoken: 'tok' } },
    });
    expect(
      buildViewerIframeSnippet({ ...input, target: { type: 'streams', streams: ['Ab-1'] } }),
    ).toBeNull();
  });

  it('should open the web playout page in an iframe that sends this site as Referer', async () => {
    const html = buildViewerIframeSnippet(input) ?? '';
    expect(html).toContain('referrerpolicy="origin"');
    const done = await run(html, { status: 200, body: { jwtoken: 'tok-9', exp: 1 } });
    const url = new URL(done.iframeSrc ?? 'http://missing');
    expect(url.origin + url.pathname).toBe(DEFAULT_PLAYER_CONFIG.embedUrl);
    expect(url.searchParams.get('group.id')).toBe('grp-1');
    expect(url.searchParams.get('group.security.jwtoken')).toBe('tok-9');
  });

  it('should leave a placeholder group id for an organisation-wide policy', () => {
    const html = buildViewerIframeSnippet({ ...input, target: { type: 'organisation' } });
    expect(html).toContain(encodeURIComponent(GROUP_ID_PLACEHOLDER));
    expect(buildViewerPlayerSnippet({ ...input, target: { type: 'organisation' } })).toContain(
      `id: "${GROUP_ID_PLACEHOLDER}"`,
    );
  });

  it('should link the example viewer page for the policy', () => {
    expect(viewerExampleUrl('https://d.example.com', 'a b')).toBe(
      'https://d.example.com/examples/viewer?policy=a%20b',
    );
  });
});
