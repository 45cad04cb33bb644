import { describe, expect, it } from 'vitest';
import { decodeToken } from '../claims.ts';
import {
  DEFAULT_PLAYER_CONFIG,
  buildEntriesSnippet,
  buildGroupSnippet,
  buildIframeEmbed,
  buildPlayoutUrl,
  buildSecurityObject,
} from '../player.ts';

const token = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln';

describe('player builders', () => {
  it('should put the group id and the token in the web playout URL', () => {
    const url = new URL(buildPlayoutUrl({ groupId: 'g-1', token }));
    expect(url.origin + url.pathname).toBe(
      'https://demo.nanocosmos.de/nanoplayer/embed/1.3.3/nanoplayer.html',
    );
    expect(url.searchParams.get('group.id')).toBe('g-1');
    expect(url.searchParams.get('group.security.jwtoken')).toBe(token);
  });

  it('should leave the token out of the URL when there is none', () => {
    expect(buildPlayoutUrl({ groupId: 'g-1' })).not.toContain('jwtoken');
  });

  it('should use the configured player host', () => {
    const config = {
      ...DEFAULT_PLAYER_CONFIG,
      embedUrl: 'http://127.0.0.1:4000/nanoplayer/embed/1.3.3/nanoplayer.html',
    };
    expect(buildPlayoutUrl({ groupId: 'g', token }, config)).toMatch(
      /^http:\/\/127\.0\.0\.1:4000\/nanoplayer\//,
    );
  });

  it('should build the group snippet with security.jwtoken', () => {
    const snippet = buildGroupSnippet({ groupId: 'g-1', token });
    expect(snippet).toContain(DEFAULT_PLAYER_CONFIG.playerScriptUrl);
    expect(snippet).toContain('id: "g-1"');
    expect(snippet).toContain(`security: { jwtoken: "${token}" }`);
  });

  it('should build one entry per stream, each with the token', () => {
    const snippet = buildEntriesSnippet({ streamNames: ['DmoEv-a', 'DmoEv-b'], token });
    expect(snippet.match(/security: \{ jwtoken: /g)).toHaveLength(2);
    expect(snippet).toContain('streamname: "DmoEv-b"');
    expect(snippet).toContain('index: 1,');
    expect(snippet).toContain(DEFAULT_PLAYER_CONFIG.websocketUrl);
    // The literal is balanced, so it pastes into a page as is.
    const open = snippet.split('{').length;
    expect(snippet.split('}').length).toBe(open);
  });

  it('should escape the iframe src attribute', () => {
    const html = buildIframeEmbed({ groupId: 'g"1', token });
    expect(html).toMatch(/^<iframe src="https:\/\/demo\.nanocosmos\.de\//);
    expect(html).toContain('group.id=g%221');
    expect(html).toContain('&amp;group.security.jwtoken=');
    expect(html).not.toMatch(/src="[^"]*"[^ >]/);
  });
});

describe('claim decoder', () => {
  it('should decode header and claims without verifying', () => {
    const header = btoa(JSON.stringify({ alg: 'EdDSA', kid: 'k1' })).replace(/=+$/, '');
    const claims = btoa(JSON.stringify({ aud: 'splay', streams: ['a'], exp: 1 })).replace(
      /=+$/,
      '',
    );
    expect(decodeToken(`${header}.${claims}.sig`)).toEqual({
      ok: true,
      token: {
        header: { alg: 'EdDSA', kid: 'k1' },
        claims: { aud: 'splay', streams: ['a'], exp: 1 },
      },
    });
  });

  it('should explain what is wrong with a non-token', () => {
    expect(decodeToken('hello')).toEqual({
      ok: false,
      reason: expect.stringMatching(/three base64url parts/),
    });
    expect(decodeToken('a.b.c')).toEqual({
      ok: false,
      reason: expect.stringMatching(/not valid base64url-encoded JSON/),
    });
  });
});

describe('player security object', () => {
  it('should give the bare security object a player setup takes', () => {
    expect(buildSecurityObject(token)).toBe(`security: { jwtoken: "${token}" }`);
  });
});
