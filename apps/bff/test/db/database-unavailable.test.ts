import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/db/unavailable.ts';
import { errorHandler } from '../../src/plugins/error-handler.ts';

/** What pg reports while the server restarts or fails over. */
const shutdown = () =>
  Object.assign(new Error('terminating connection due to administrator command'), {
    code: '57P01',
  });
const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('a database that does not answer', () => {
  it('should be told from a statement the database refused', () => {
    expect(isDatabaseUnavailable(shutdown())).toBe(true);
    expect(isDatabaseUnavailable(refused())).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: refused() }))).toBe(true);
    const unique = Object.assign(new Error('duplicate key value'), { code: '23505' });
    expect(isDatabaseUnavailable(unique)).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
  });

  it('should answer 503 database-unavailable with Retry-After, not a 500', async () => {
    const app = Fastify();
    await app.register(errorHandler);
    app.get('/down', async () => {
      throw shutdown();
    });
    app.get('/bug', async () => {
      throw new Error('boom');
    });
    const down = await app.inject({ method: 'GET', url: '/down' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('2');
    expect(down.json()).toEqual({
      code: 'database-unavailable',
      message: expect.stringMatching(/database is not answering.*Try again in 2 s/),
    });
    expect((await app.inject({ method: 'GET', url: '/bug' })).statusCode).toBe(500);
    await app.close();
  });
});
