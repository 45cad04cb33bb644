import { describe, expect, it } from 'vitest';
import { PLAYBACK_TOKEN_PATH } from '@ptd/contracts';
import { staffClient } from '../helpers/client.ts';
import { useTestApp } from '../helpers/fixture.ts';
import { createPolicy, requestToken } from '../helpers/policies.ts';

// The log line does not depend on the upstream: the embedded default is enough.
const { t } = useTestApp({ upstream: 'embedded' });

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
});
