import { bintuUserSchema } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { A, B, apiKey, bintuToken, call, useTestEmulator } from './helpers.ts';

const emu = useTestEmulator();

describe('GET /user', () => {
  it.each([
    ['admin bintu token', bintuToken(A.adminToken), 'nanoAdmin'],
    ['user bintu token', bintuToken(A.userToken), 'nanoUser'],
    ['Partner Media admin token', bintuToken(B.adminToken), 'nanoAdmin'],
    ['organisation API key', apiKey(A.apiKey), 'nanoAdmin'],
  ])('should name the permission of the %s', async (_label, headers, permission) => {
    const res = await call(emu, 'GET', '/user', { headers });
    expect(res.status).toBe(200);
    expect(bintuUserSchema.parse(res.body)).toEqual({ id: expect.any(String), permission });
  });

  it('should refuse a read-only bintu token, as nanoReadOnly may not ask', async () => {
    const res = await call(emu, 'GET', '/user', { headers: bintuToken(A.readonlyToken) });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { message: 'Access denied', code: 2001 } });
  });

  it('should answer 401 for an unknown credential', async () => {
    const res = await call(emu, 'GET', '/user', { headers: bintuToken('bogus') });
    expect(res.status).toBe(401);
  });
});
