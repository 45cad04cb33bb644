import { MAX_LIFETIME_SECONDS, MAX_REVOCABLE_LIFETIME_SECONDS } from '@ptd/contracts';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { A, DAY, T0, T0_MS, apiKey, call, nanoError, useTestEmulator } from './helpers.ts';

const emu = useTestEmulator();

const create = (body: Record<string, unknown>) =>
  call(emu, 'POST', '/api/v1/splay', {
    body: { orgawide: true, ...body },
    headers: apiKey(A.apiKey),
  });

describe('lifetime caps, measured from the server clock', () => {
  it('should use 365 days and 24 hours as the contract caps', () => {
    expect(MAX_LIFETIME_SECONDS).toBe(365 * DAY);
    expect(MAX_REVOCABLE_LIFETIME_SECONDS).toBe(DAY);
  });

  it('should accept exp exactly 365 days ahead', async () => {
    const res = await create({ exp: T0 + 365 * DAY });
    expect(res.status).toBe(200);
    const token = (res.body as { data: { token: string } }).data.token;
    expect(decodeJwt(token).exp).toBe(T0 + 365 * DAY);
  });

  it('should refuse exp 365 days and 1 second ahead', async () => {
    const res = await create({ exp: T0 + 365 * DAY + 1 });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      nanoError(1000, 'Parameter invalid: exp must not be more than 365 days ahead'),
    );
  });

  it('should accept a revocable token expiring exactly 24 hours ahead', async () => {
    const res = await create({ revocable: true, exp: T0 + DAY });
    expect(res.status).toBe(200);
  });

  it('should refuse a revocable token expiring 24 hours and 1 second ahead', async () => {
    const res = await create({ revocable: true, exp: T0 + DAY + 1 });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      nanoError(
        1000,
        'Parameter invalid: exp of a revocable token must not be more than 24 hours ahead',
      ),
    );
  });

  it('should allow a non-revocable token beyond 24 hours', async () => {
    expect((await create({ revocable: false, exp: T0 + DAY + 1 })).status).toBe(200);
  });

  it('should measure the cap from the injected clock, not from the wall clock', async () => {
    emu.clock.ms = T0_MS + 10_000;
    expect((await create({ revocable: true, exp: T0 + 10 + DAY })).status).toBe(200);
    expect((await create({ revocable: true, exp: T0 + 11 + DAY })).status).toBe(400);
  });

  it('should measure the cap from now even when nbf lies ahead', async () => {
    const res = await create({ revocable: true, nbf: T0 + 3600, exp: T0 + DAY + 1 });
    expect(res.status).toBe(400);
  });
});
