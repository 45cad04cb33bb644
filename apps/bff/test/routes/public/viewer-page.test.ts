import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { staffClient } from '../../helpers/client.ts';
import { CUP_FINAL_GROUP, createPolicy } from '../../helpers/policies.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const { t, emulator } = useTestApp({
  env: (): Record<string, string> => ({
    PLAYER_EMBED_URL: `${emulator.url}/nanoplayer/embed/1.3.3/nanoplayer.html`,
  }),
});

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('GET /examples/viewer', () => {
  it('should serve a self-contained page whose only script and style the CSP allows', async () => {
    const editor = await staffClient(t.app, 'editor');
    const policy = await createPolicy(editor);
    const response = await t.app.inject({ url: `/examples/viewer?policy=${policy.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['referrer-policy']).toBe('origin');
    const html = response.body;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const csp = String(response.headers['content-security-policy']);
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      `script-src ${sha256(script)}`,
      `style-src ${sha256(style)}`,
      "connect-src 'self'",
      `frame-src ${emulator.url}`,
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]);
    // Nothing is loaded from anywhere: no src/href to another host.
    expect(html).not.toMatch(/<script [^>]*src=|<link /);
    expect(html).toContain(`value="${policy.id}"`);
    expect(html).toContain(`value="${CUP_FINAL_GROUP}"`);
    expect(html).toContain('data-endpoint="/playback-token"');
    expect(html).toContain(
      `data-playout="${emulator.url}/nanoplayer/embed/1.3.3/nanoplayer.html?group.id=&amp;`,
    );
    expect(html).toMatch(/<iframe [^>]*referrerpolicy="origin"/);
    expect(html).toMatch(/<label>Playback policy id<input id="policy"/);
    // The page says which origin a policy must allow: the one the browser shows it under.
    expect(html).toContain('<code id="page-origin"></code>');
    expect(script).toContain("getElementById('page-origin').textContent = location.origin");
  });

  it('should escape what the address bar brings', async () => {
    const response = await t.app.inject({
      url: `/examples/viewer?policy=${encodeURIComponent('"><script>alert(1)</script>')}&group=g-1`,
    });
    expect(response.body).not.toContain('<script>alert(1)');
    expect(response.body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(response.body).toContain('value="g-1"');
  });
});
