import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/fixture.ts';

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
