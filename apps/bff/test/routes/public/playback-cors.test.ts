import { decodeToken, type PlaybackPolicy } from '@ptd/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { staffClient } from '../../helpers/client.ts';
import { SHOP, createPolicy, requestToken } from '../../helpers/policies.ts';
import { useTestApp } from '../../helpers/fixture.ts';

/** An allowed site is an origin: scheme, host and port, not only the host name. */

let policy: PlaybackPolicy;
let local: PlaybackPolicy;

const { t } = useTestApp();
beforeAll(async () => {
  const editor = await staffClient(t.app, 'editor');
  policy = await createPolicy(editor, { allowedOrigins: [SHOP] });
  local = await createPolicy(editor, { allowedOrigins: ['http://localhost:8080'] });
});

const preflight = (origin: string) =>
  t.app.inject({
    method: 'OPTIONS',
    url: '/playback-token',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });

const domainOf = (jwtoken: string) => {
  const decoded = decodeToken(jwtoken);
  return decoded.ok ? decoded.token.claims.domain : undefined;
};

describe('allowed sites are exact origins', () => {
  it('should store a host name as its https origin', () => {
    expect(policy.allowedOrigins).toEqual([`https://${SHOP}`]);
    expect(local.allowedOrigins).toEqual(['http://localhost:8080']);
  });

  it.each([`http://${SHOP}`, `https://${SHOP}:8443`, `http://${SHOP}:443`])(
    'should refuse %s without CORS headers when only https://shop.example.com is allowed',
    async (origin) => {
      const response = await requestToken(t.app, { policy: policy.id, origin });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({
        code: 'origin-not-allowed',
        message: `Pages on ${origin} may not request playback tokens for this stream.`,
      });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      const asked = await preflight(origin);
      expect(asked.statusCode).toBe(403);
      expect(asked.headers['access-control-allow-origin']).toBeUndefined();
    },
  );

  it('should refuse a Referer of another scheme when no Origin is sent', async () => {
    const response = await requestToken(t.app, {
      policy: policy.id,
      origin: null,
      referer: `http://${SHOP}/live`,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('origin-not-allowed');
  });

  it('should serve the exact origin, with the host name as the token’s domain', async () => {
    const response = await requestToken(t.app, { policy: policy.id, origin: `https://${SHOP}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(`https://${SHOP}`);
    expect(domainOf(response.json<{ jwtoken: string }>().jwtoken)).toBe(SHOP);
    const asked = await preflight(`https://${SHOP}`);
    expect(asked.statusCode).toBe(204);
    expect(asked.headers['access-control-allow-origin']).toBe(`https://${SHOP}`);
  });

  it('should serve a written http origin with its port, and only that', async () => {
    const response = await requestToken(t.app, {
      policy: local.id,
      origin: 'http://localhost:8080',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:8080');
    expect(domainOf(response.json<{ jwtoken: string }>().jwtoken)).toBe('localhost');
    expect((await preflight('http://localhost:8080')).statusCode).toBe(204);

    const otherPort = await requestToken(t.app, {
      policy: local.id,
      origin: 'http://localhost:3000',
    });
    expect(otherPort.statusCode).toBe(403);
    expect(otherPort.headers['access-control-allow-origin']).toBeUndefined();
    expect((await preflight('http://localhost:3000')).statusCode).toBe(403);
  });
});
