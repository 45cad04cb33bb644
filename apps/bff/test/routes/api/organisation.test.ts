import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../helpers/app.ts';
import { staffClient } from '../../helpers/client.ts';
import { CREDENTIALS } from '../../helpers/upstream.ts';
import { useTestUpstream } from '../../helpers/fixture.ts';

const { emulator } = useTestUpstream();

describe('GET /api/organisation', () => {
  it('should answer the organisation of the configured credential to any role', async () => {
    const t = await createTestApp({ upstreamUrl: emulator.url });
    try {
      const viewer = await staffClient(t.app, 'viewer');
      const response = await viewer.get('/api/organisation');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        name: 'Demo Events',
        hash: 'DmEvt',
        securePackage: true,
        credentialRole: 'nanoAdmin',
      });
      expect((await t.app.inject({ method: 'GET', url: '/api/organisation' })).statusCode).toBe(
        401,
      );
    } finally {
      await t.close();
    }
  });

  it('should say when the secure package is missing', async () => {
    const t = await createTestApp({
      upstreamUrl: emulator.url,
      env: { NANOSTREAM_BINTU_TOKEN: undefined, NANOSTREAM_API_KEY: CREDENTIALS.starterOrg.apiKey },
    });
    try {
      const viewer = await staffClient(t.app, 'viewer');
      expect((await viewer.get('/api/organisation')).json()).toEqual({
        name: 'Starter Org',
        hash: 'StrtO',
        securePackage: false,
        credentialRole: 'nanoAdmin',
      });
    } finally {
      await t.close();
    }
  });
});
