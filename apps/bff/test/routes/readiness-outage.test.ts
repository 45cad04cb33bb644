import { describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../helpers/fixture.ts';

const { t } = useTestApp();

/** What pg says when the server refuses the connection: the database is down. */
const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

const readyz = async () => {
  const started = Date.now();
  const answer = await t.app.inject({ method: 'GET', url: '/readyz' });
  const body = answer.json<{ status: string }>();
  return { status: answer.statusCode, body, ms: Date.now() - started };
};

describe('/readyz while the database is known down (the circuit breaker open)', () => {
  it('should answer not ready at once from the breaker, probe once a second, and be ready once the probe is answered', async () => {
    expect((await readyz()).status).toBe(200);
    // A database that takes the statement and never answers: each ping would wait its bound.
    let answer = () => {};
    const ping = vi
      .spyOn(t.app.repos.health, 'ping')
      .mockImplementation(() => new Promise<void>((resolve) => (answer = resolve)));
    try {
      t.app.databaseOutage.failed(refused());
      await new Promise((resolve) => setTimeout(resolve, 600));
      const down = await Promise.race([
        readyz(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('/readyz waited for the database')), 2_000),
        ),
      ]);
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ status: 'not-ready' });
      expect(down.ms).toBeLessThan(500);
      expect(ping).not.toHaveBeenCalled();
      // A second after the failure, one readiness check also tries the database (the probe),
      // without being waited for.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const probing = await readyz();
      expect(probing.status).toBe(503);
      expect(probing.ms).toBeLessThan(500);
      expect(ping).toHaveBeenCalledTimes(1);
      expect((await readyz()).status).toBe(503);
      expect(ping).toHaveBeenCalledTimes(1);
      // It answers: the breaker closes, and readiness checks the database again.
      answer();
      await vi.waitFor(() => expect(t.app.databaseOutage.down).toBe(false));
      ping.mockResolvedValue(undefined);
      await vi.waitFor(async () => expect((await readyz()).status).toBe(200));
    } finally {
      ping.mockRestore();
    }
  });
});
