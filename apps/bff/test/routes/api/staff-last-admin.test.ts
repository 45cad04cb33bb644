import { describe, expect, it } from 'vitest';
import { staffClient, type Client } from '../../helpers/client.ts';
import { useTestApp } from '../../helpers/fixture.ts';

/**
 * Admins stepping down at the same moment: one of them stays admin, whatever the order. On
 * PostgreSQL (replicas, a connection pool) both used to be answered 200, leaving no admin.
 */

const {
  t,
  clients: { first },
} = useTestApp({ clients: { first: 'seeded-admin' } });

const activeAdmins = async () =>
  (
    await t.app.db
      .selectFrom('staff')
      .select('id')
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .execute()
  ).map((row) => row.id);

const idOf = (client: Client) => client.session?.user.id ?? '';

describe('the last active admin, asked at once', () => {
  let admins: Client[] = [];

  it('should let only one of two admins demote the other when both do it at once', async () => {
    const second = await staffClient(t.app, 'admin');
    const answers = await Promise.all([
      first.patch(`/api/staff/${idOf(second)}`, { role: 'editor' }),
      second.patch(`/api/staff/${idOf(first)}`, { role: 'viewer' }),
    ]);
    // The other is refused: as the last admin (409) or, when the demotion of its own account
    // was committed before its request was read, as a session its lowered role ended (401).
    const codes = answers.map((answer) => answer.statusCode).sort();
    expect(codes[0]).toBe(200);
    expect([401, 409]).toContain(codes[1]);
    const refused = answers.find((answer) => answer.statusCode !== 200);
    expect(refused?.json()).toMatchObject({
      code: refused?.statusCode === 409 ? 'last-admin' : 'unauthenticated',
    });
    const left = await activeAdmins();
    expect(left).toHaveLength(1);
    admins = [first, second].filter((client) => left.includes(idOf(client)));
  });

  it('should let only one of two admins disable themselves when both do it at once', async () => {
    const [remaining] = admins;
    expect(remaining).toBeDefined();
    const third = await staffClient(t.app, 'admin');
    expect(await activeAdmins()).toHaveLength(2);
    const answers = await Promise.all(
      [remaining!, third].map((client) =>
        client.patch(`/api/staff/${idOf(client)}`, { disabled: true }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
    expect(await activeAdmins()).toHaveLength(1);
  });
});
