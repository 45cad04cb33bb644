import { bintuOrganisationSchema } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { SEED, buildEmulator } from '../src/index.ts';
import { A, B, C, apiKey, bintuToken, call, useTestEmulator } from './helpers.ts';

const emu = useTestEmulator();

describe('GET /organisation', () => {
  it.each([
    ['Demo Events API key', apiKey(A.apiKey), SEED.organisations.demoEvents],
    ['Demo Events read-only token', bintuToken(A.readonlyToken), SEED.organisations.demoEvents],
    ['Partner Media admin token', bintuToken(B.adminToken), SEED.organisations.partnerMedia],
    ['Starter Org API key', apiKey(C.apiKey), SEED.organisations.starterOrg],
  ])('should describe the organisation of the %s', async (_label, headers, org) => {
    const res = await call(emu, 'GET', '/organisation', { headers });
    expect(res.status).toBe(200);
    expect(bintuOrganisationSchema.parse(res.body)).toEqual(org);
  });

  it('should show the secure package only where it is enabled', () => {
    expect(SEED.organisations.demoEvents.packages.secure).toBe(true);
    expect(SEED.organisations.starterOrg.packages.secure).toBe(false);
  });

  it('should prefer X-BINTU-TOKEN when both headers are sent', async () => {
    const headers = { ...apiKey(A.apiKey), ...bintuToken(B.adminToken) };
    const res = await call(emu, 'GET', '/organisation', { headers });
    expect(res.body).toMatchObject({ id: SEED.organisations.partnerMedia.id });
  });

  it('should answer 401 for an unknown credential', async () => {
    const res = await call(emu, 'GET', '/organisation', { headers: bintuToken('bogus') });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { message: 'User Credentials are not valid', code: 4002 } });
  });
});

describe('health', () => {
  it('should answer GET /healthz with ok over HTTP', async () => {
    const res = await call(emu, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('should serve the same app through buildEmulator and inject without listening', async () => {
    const app = await buildEmulator({ dataDir: emu.dataDir, now: () => 0 });
    try {
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      expect(res.json()).toEqual({ ok: true });
      expect(app.server.listening).toBe(false);
    } finally {
      await app.close();
    }
  });
});
