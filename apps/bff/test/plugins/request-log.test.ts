import { describe, expect, it } from 'vitest';
import { PLAYBACK_TOKEN_PATH } from '@ptd/contracts';
import { staffClient } from '../helpers/client.ts';
import { useTestApp } from '../helpers/fixture.ts';
import { createPolicy, requestToken } from '../helpers/policies.ts';
import { REFUSALS_SUMMARY } from '../../src/app.ts';
import { LOG_WINDOW_MS } from '../../src/lib/log-windows.ts';

// The log line does not depend on the upstream: the embedded default is enough.
const { t } = useTestApp({
  upstream: 'embedded',
  env: { PLAYBACK_TOKEN_RATE_PER_IP_PER_MINUTE: '20' },
});

describe('request log', () => {
  it('should write one line per request, when it is answered, with method, url and status', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/session' });
    const lines = t.logs.filter(
      (line) => (line.req as { url?: string } | undefined)?.url === '/api/session',
    );
    expect(lines.map((line) => line.msg)).toEqual(['request completed']);
    expect(lines[0]).toMatchObject({
      level: 30,
      req: { method: 'GET', url: '/api/session' },
      res: { statusCode: response.statusCode },
      responseTime: expect.any(Number),
    });
  });
});

describe('request log of the public viewer-token endpoint', () => {
  const linesFor = (path: string) =>
    t.logs.filter((line) => (line.req as { url?: string } | undefined)?.url === path);

  it('should leave issued viewer tokens to the ledger and still log a refused request', async () => {
    const editor = await staffClient(t.app, 'editor');
    const policy = await createPolicy(editor, { name: 'Request log viewers' });
    const before = linesFor(PLAYBACK_TOKEN_PATH).length;

    const issued = await requestToken(t.app, { policy: policy.id });
    expect(issued.statusCode).toBe(200);
    expect(linesFor(PLAYBACK_TOKEN_PATH)).toHaveLength(before);

    const refused = await requestToken(t.app, {
      policy: policy.id,
      origin: 'https://elsewhere.example',
    });
    expect(refused.statusCode).toBe(403);
    const lines = linesFor(PLAYBACK_TOKEN_PATH);
    expect(lines).toHaveLength(before + 1);
    expect(lines.at(-1)).toMatchObject({ msg: 'request completed', res: { statusCode: 403 } });
  });

  it('should log a flood of refusals as its first request and then one line of counts', async () => {
    const editor = await staffClient(t.app, 'editor');
    const policy = await createPolicy(editor, { name: 'Flooded viewers' });
    const refuse = () =>
      requestToken(t.app, {
        policy: policy.id,
        origin: 'https://flood.example',
        remoteAddress: '198.51.100.99',
      });
    // A refusal in the window of an earlier test must not hide this one's first line.
    t.clock.advance(LOG_WINDOW_MS);
    const before = linesFor(PLAYBACK_TOKEN_PATH).length;

    const statuses: number[] = [];
    for (let i = 0; i < 60; i += 1) statuses.push((await refuse()).statusCode);
    // 20 refused by origin, then the address's limit: each would have been a line.
    expect(statuses.filter((status) => status === 403)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40);
    const lines = linesFor(PLAYBACK_TOKEN_PATH);
    expect(lines).toHaveLength(before + 1);
    expect(lines.at(-1)).toMatchObject({ res: { statusCode: 403 } });

    // Once the window is over, the next refusal says how many went unlogged, and is logged.
    t.clock.advance(LOG_WINDOW_MS);
    expect((await refuse()).statusCode).toBe(429);
    expect(linesFor(PLAYBACK_TOKEN_PATH)).toHaveLength(before + 2);
    const summaries = t.logs.filter((line) => line.msg === REFUSALS_SUMMARY);
    expect(summaries.at(-1)).toMatchObject({
      level: 30,
      method: 'POST',
      url: PLAYBACK_TOKEN_PATH,
      counts: { '403': 19, '429': 40 },
    });
  });

  it('should log no line per preflight, and a flood of refused ones as the first and counts', async () => {
    const editor = await staffClient(t.app, 'editor');
    await createPolicy(editor, { name: 'Preflighted viewers' });
    const preflight = (origin: string) =>
      t.app.inject({
        method: 'OPTIONS',
        url: PLAYBACK_TOKEN_PATH,
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
        remoteAddress: '198.51.100.98',
      });
    t.clock.advance(LOG_WINDOW_MS);
    const before = linesFor(PLAYBACK_TOKEN_PATH).length;
    // Every viewer's browser asks once before its first token: no line for each.
    for (let i = 0; i < 20; i += 1) {
      expect((await preflight('https://shop.example.com')).statusCode).toBe(204);
    }
    expect(linesFor(PLAYBACK_TOKEN_PATH)).toHaveLength(before);
    for (let i = 0; i < 20; i += 1) {
      expect((await preflight(`https://flood-${i}.example`)).statusCode).toBe(403);
    }
    expect(linesFor(PLAYBACK_TOKEN_PATH)).toHaveLength(before + 1);
  });
});
