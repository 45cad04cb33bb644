import type { CreateTokenResponse } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { staffClient } from '../../helpers/client.ts';
import { tokenRequest } from '../../helpers/tokens.ts';
import { CREDENTIALS } from '../../helpers/upstream.ts';
import { useTestUpstream } from '../../helpers/fixture.ts';

const { emulator } = useTestUpstream();

const withToken = (value: string) => ({ NANOSTREAM_BINTU_TOKEN: value });
const withApiKey = (value: string) => ({
  NANOSTREAM_BINTU_TOKEN: undefined,
  NANOSTREAM_API_KEY: value,
});

const ledgerCount = async (t: TestApp) =>
  Number(
    (
      await t.app.db
        .selectFrom('ledger')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the credential’s nanoStream role', () => {
  it.each([
    ['an admin bintu token', withToken(CREDENTIALS.demoEvents.adminToken), 'nanoAdmin'],
    ['a user bintu token', withToken(CREDENTIALS.demoEvents.userToken), 'nanoUser'],
    ['a read-only bintu token', withToken(CREDENTIALS.demoEvents.readonlyToken), 'nanoReadOnly'],
    ['an organisation API key', withApiKey(CREDENTIALS.demoEvents.apiKey), 'nanoAdmin'],
  ])(
    'should name the role of %s in the organisation, the session and /readyz',
    async (_label, env, role) => {
      const t = await createTestApp({ upstreamUrl: emulator.url, env });
      try {
        const viewer = await staffClient(t.app, 'viewer');
        expect((await viewer.get('/api/organisation')).json()).toMatchObject({
          name: 'Demo Events',
          credentialRole: role,
        });
        expect(viewer.session?.organisation.credentialRole).toBe(role);
        const ready = await (await staffClient(t.app, 'admin')).get('/readyz');
        expect(ready.statusCode).toBe(200);
        expect(ready.json()).toMatchObject({ status: 'ready', credentialRole: role });
      } finally {
        await t.close();
      }
    },
  );

  it('should refuse creating and revoking with a read-only credential before asking nanoStream', async () => {
    // A revocable token made while the dashboard had an admin credential…
    const before = await createTestApp({ upstreamUrl: emulator.url, keepDataDir: true });
    let created: CreateTokenResponse;
    try {
      const editor = await staffClient(before.app, 'admin');
      created = (
        await editor.post('/api/tokens', tokenRequest({ revocable: true }))
      ).json<CreateTokenResponse>();
    } finally {
      await before.close();
    }
    // …and the same dashboard started again with a read-only one.
    const t = await createTestApp({
      upstreamUrl: emulator.url,
      dataDir: before.dataDir,
      env: withToken(CREDENTIALS.demoEvents.readonlyToken),
    });
    try {
      const admin = await staffClient(t.app, 'admin');
      const rows = await ledgerCount(t);
      const create = await admin.post('/api/tokens', tokenRequest());
      expect(create.statusCode).toBe(403);
      expect(create.json()).toMatchObject({
        code: 'credential-read-only',
        message: expect.stringContaining('nanoReadOnly'),
      });
      expect(await ledgerCount(t)).toBe(rows);

      const revoke = await admin.post(`/api/tokens/${created.record.id}/revoke`);
      expect(revoke.statusCode).toBe(403);
      expect(revoke.json()).toMatchObject({ code: 'credential-read-only' });
      expect((await admin.get(`/api/tokens/${created.record.id}`)).json()).toMatchObject({
        status: 'active',
        revocationRequestedAt: null,
      });

      const stream = await admin.post('/api/streams', { tags: ['read-only-check'] });
      expect(stream.statusCode).toBe(403);
      expect(stream.json()).toMatchObject({
        code: 'credential-read-only',
        message: expect.stringContaining('cannot create streams'),
      });
    } finally {
      await t.close();
    }
  });
});
