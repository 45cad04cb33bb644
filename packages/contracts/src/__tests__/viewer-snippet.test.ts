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
  /** Every request the script made, in order. */
  requests: number;
  /** The waits it asked for between tries, in seconds. */
  waits: number[];
  setup?: unknown;
  iframeSrc?: string;
  errors: string[];
}

type Answer =
  { status: number; body: unknown; headers?: Record<string, string> } | 'no-answer' | 'not-json';

/**
 * Runs a snippet's script against a fake fetch (answering with `answers` in turn, the last one
 * again once they run out), player, page and timer; returns what it did. `random` stands in for
 * Math.random.
 */
async function run(html: string, answers: Answer | Answer[], random = 0): Promise<Run> {
  const queue = Array.isArray(answers) ? [...answers] : [answers];
  const result = { errors: [] as string[], requests: 0, waits: [] as number[] } as Run;
  const fetch = (url: string, init: Run['request']['init']) => {
    result.request = { url, init };
    result.requests += 1;
    const answer = (queue.length > 1 ? queue.shift() : queue[0]) as Answer;
    if (answer === 'no-answer') return Promise.reject(new TypeError('Failed to fetch'));
    if (answer === 'not-json') {
      return Promise.resolve({
        ok: false,
        status: 502,
        headers: new Headers(),
        json: () => Promise.reject(new SyntaxError('Unexpected token <')),
      });
    }
    return Promise.resolve({
      ok: answer.status < 400,
      status: answer.status,
      headers: new Headers(answer.headers ?? {}),
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
  const setTimeout = (callback: () => void, ms: number) => {
    result.waits.push(ms / 1000);
    globalThis.setTimeout(callback, 0);
  };
  const math = Object.assign(Object.create(Math) as Math, { random: () => random });
  new Function(
    'fetch',
    'NanoPlayer',
    'document',
    'console',
    'setTimeout',
    'Math',
    lastScript(html),
  )(fetch, NanoPlayer, document, console, setTimeout, math);
  // Until the script has played or given up (each try takes a few turns).
  for (let i = 0; i < 100 && !result.setup && !iframe.src && result.errors.length === 0; i += 1) {
    await new Promise((resolve) => globalThis.setTimeout(resolve, 0));
  }
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

  it('should try again after the wait a busy endpoint asks for, spread at random', async () => {
    const busy = {
      status: 429,
      body: { code: 'rate-limited', message: 'This stream is asked for too many tokens.' },
      headers: { 'retry-after': '7' },
    };
    const done = await run(
      buildViewerPlayerSnippet(input),
      [busy, busy, { status: 200, body: { jwtoken: 'tok-late', exp: 1 } }],
      0.5,
    );
    expect(done.requests).toBe(3);
    // 7 s, plus a random part of up to as long again (here half of it).
    expect(done.waits).toEqual([10.5, 10.5]);
    expect(done.errors).toEqual([]);
    expect(done.setup).toMatchObject({
      source: { group: { security: { jwtoken: 'tok-late' } } },
    });
  });

  it('should wait longer each time when the endpoint is unavailable or out of reach', async () => {
    const done = await run(
      buildViewerIframeSnippet(input) ?? '',
      [
        'no-answer',
        { status: 503, body: { code: 'token-service-unavailable', message: 'Try later.' } },
        'not-json',
        { status: 504, body: {} },
        { status: 200, body: { jwtoken: 'tok-5', exp: 1 } },
      ],
      0,
    );
    expect(done.requests).toBe(5);
    expect(done.waits).toEqual([1, 2, 4, 8]);
    expect(
      new URL(done.iframeSrc ?? 'http://missing').searchParams.get('group.security.jwtoken'),
    ).toBe('tok-5');
  });

  it('should give up after six tries, with the last answer’s message', async () => {
    const done = await run(
      buildViewerPlayerSnippet(input),
      { status: 429, body: { message: 'Too many requests.' }, headers: { 'retry-after': '60' } },
      1,
    );
    expect(done.requests).toBe(6);
    // 60 s plus up to 10 s at random, never more than a minute.
    expect(done.waits).toEqual([60, 60, 60, 60, 60]);
    expect(done.setup).toBeUndefined();
    expect(done.errors).toEqual(['Too many requests.']);
  });

  it('should not try again when the refusal is final', async () => {
    for (const status of [400, 401, 403, 404, 409]) {
      const done = await run(buildViewerPlayerSnippet(input), {
        status,
        body: { message: `refused ${status}` },
        headers: { 'retry-after': '1' },
      });
      expect(done.requests).toBe(1);
      expect(done.waits).toEqual([]);
      expect(done.errors).toEqual([`refused ${status}`]);
    }
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
