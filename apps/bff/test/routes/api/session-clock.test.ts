import type { Session } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { staffClient } from '../../helpers/client.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const { t } = useTestApp({ env: { TRUST_PROXY: 'loopback' } });

describe('the session answer', () => {
  it('should carry the BFF’s clock, so that the SPA can judge expiries by it', async () => {
    const editor = await staffClient(t.app, 'editor');
    t.clock.advance(7 * 60_000);
    try {
      const session = (await editor.get('/api/session')).json<Session>();
      expect(Math.abs(Date.parse(session.serverTime) - t.clock.now())).toBeLessThan(1000);
    } finally {
      t.clock.advance(-7 * 60_000);
    }
    expect(Math.abs(Date.parse(editor.session?.serverTime ?? '') - Date.now())).toBeLessThan(
      60_000,
    );
  });

  it('should name the public IPv4 address the request came from, and nothing else', async () => {
    const editor = await staffClient(t.app, 'editor');
    const from = async (forwardedFor?: string) =>
      (
        await editor.get('/api/session', {
          headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
        })
      ).json<Session>().clientIpv4;
    expect(await from('93.184.216.34')).toBe('93.184.216.34');
    expect(await from('::ffff:93.184.216.34')).toBe('93.184.216.34');
    expect(await from()).toBeNull(); // 127.0.0.1
    expect(await from('10.1.2.3')).toBeNull();
    expect(await from('2001:4860:4860::8888')).toBeNull();
  });
});
