import { TOKEN_COUNT_CAP, type TokenList } from '@ptd/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const ids: Record<string, string> = {};

const {
  t,
  clients: { editor },
} = useTestApp({ clients: { editor: 'editor' } });
beforeAll(async () => {
  for (const name of ['a', 'b', 'c', 'd', 'e']) {
    ids[name] = (await createToken(editor, { tag: 'paged' })).record.id;
    t.clock.advance(1000);
  }
});

const list = async (query: string) => {
  const response = await editor.get(`/api/tokens${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<TokenList>();
};
const names = (page: TokenList) =>
  page.items.map((item) => Object.keys(ids).find((k) => ids[k] === item.id));

describe('GET /api/tokens pages', () => {
  it('should page forward and back by cursor, keeping its place as tokens are added', async () => {
    const first = await list('?tag=paged&pageSize=2');
    expect(first).toMatchObject({ offset: 0, total: 5, totalCapped: false, prevCursor: null });
    expect(names(first)).toEqual(['e', 'd']);
    const second = await list(`?tag=paged&pageSize=2&cursor=${first.nextCursor}`);
    expect(names(second)).toEqual(['c', 'b']);
    expect(second.offset).toBe(2);

    // A new token lands above: the next page is still the one after "b", not a shifted one.
    ids.f = (await createToken(editor, { tag: 'paged' })).record.id;
    const third = await list(`?tag=paged&pageSize=2&cursor=${second.nextCursor}`);
    expect(names(third)).toEqual(['a']);
    expect(third).toMatchObject({ offset: 4, nextCursor: null });

    const back = await list(`?tag=paged&pageSize=2&cursor=${third.prevCursor}`);
    expect(names(back)).toEqual(['c', 'b']);
    const backAgain = await list(`?tag=paged&pageSize=2&cursor=${back.prevCursor}`);
    expect(names(backAgain)).toEqual(['e', 'd']);
    // The new token is before it: there is a page before, whatever the offset says.
    expect(backAgain.prevCursor).not.toBeNull();
  });

  it('should page in ascending order and by expiry the same way', async () => {
    const first = await list('?tag=paged&pageSize=4&order=asc');
    const second = await list(`?tag=paged&pageSize=4&order=asc&cursor=${first.nextCursor}`);
    expect([...names(first), ...names(second)]).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    const byExpiry = await list('?tag=paged&pageSize=3&sort=expiresAt&order=desc');
    const rest = await list(
      `?tag=paged&pageSize=3&sort=expiresAt&order=desc&cursor=${byExpiry.nextCursor}`,
    );
    expect(new Set([...names(byExpiry), ...names(rest)]).size).toBe(6);
  });

  it('should refuse a cursor it did not give out, or one made for another order', async () => {
    const bad = await editor.get('/api/tokens?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid-request', issues: [{ path: 'cursor' }] });
    const first = await list('?pageSize=1');
    const other = await editor.get(`/api/tokens?pageSize=1&order=asc&cursor=${first.nextCursor}`);
    expect(other.statusCode).toBe(400);
    expect(other.json().message).toMatch(/^Cursor: /);
  });

  it('should say how long the server took', async () => {
    const response = await editor.get('/api/tokens');
    expect(response.headers['server-timing']).toMatch(/^app;dur=\d+\.\d+$/);
  });

  it('should find a text matching more values than can be listed, newest first', async () => {
    const now = t.clock.now();
    const users = Array.from({ length: 1200 }, (_, i) => `Many-User-${String(i).padStart(4, '0')}`);
    const rows = users.map((user, i) => ({
      id: `00000000-0000-7000-9000-${String(i).padStart(12, '0')}`,
      jti: `many-${i}`,
      kind: 'viewer' as const,
      policy_id: null,
      target: JSON.stringify({ type: 'organisation' }),
      issued_at: Math.floor(now / 1000),
      not_before: Math.floor(now / 1000),
      expires_at: Math.floor(now / 1000) + 3600,
      revocable: 0,
      force_disconnect: 0,
      ip: null,
      domain: null,
      viewer_user: user,
      tag: null,
      claims: '{}',
      created_by: null,
      created_at: now - 600_000 + i,
      revoked_at: null,
      revoked_by: null,
      encrypted_token: null,
    }));
    for (let i = 0; i < rows.length; i += 300) {
      await t.app.db
        .insertInto('ledger')
        .values(rows.slice(i, i + 300))
        .execute();
      await t.app.db
        .insertInto('ledger_term')
        .values(
          users.slice(i, i + 300).map((value) => ({
            field: 'user' as const,
            value,
            value_lc: value.toLowerCase(),
            seen_at: now,
          })),
        )
        .execute();
    }
    for (const text of ['many-user', 'MA']) {
      const page = await list(`?user=${text}&pageSize=3`);
      expect(page).toMatchObject({ total: 1200, totalCapped: false });
      expect(page.items.map((item) => item.user)).toEqual([
        'Many-User-1199',
        'Many-User-1198',
        'Many-User-1197',
      ]);
      const next = await list(`?user=${text}&pageSize=3&cursor=${page.nextCursor}`);
      expect(next.items.map((item) => item.user)).toEqual([
        'Many-User-1196',
        'Many-User-1195',
        'Many-User-1194',
      ]);
    }
  });

  it('should count up to the cap, and then say there are more', async () => {
    const now = t.clock.now();
    const rows = Array.from({ length: TOKEN_COUNT_CAP + 1 }, (_, i) => ({
      id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      jti: `bulk-${i}`,
      kind: 'viewer' as const,
      policy_id: null,
      target: JSON.stringify({ type: 'organisation' }),
      issued_at: Math.floor(now / 1000) - 7200,
      not_before: Math.floor(now / 1000) - 7200,
      expires_at: Math.floor(now / 1000) - 3600,
      revocable: 0,
      force_disconnect: 0,
      ip: null,
      domain: null,
      viewer_user: null,
      tag: 'bulk',
      claims: '{}',
      created_by: null,
      created_at: now - 7_200_000 + i,
      revoked_at: null,
      revoked_by: null,
      encrypted_token: null,
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await t.app.db
        .insertInto('ledger')
        .values(rows.slice(i, i + 500))
        .execute();
    }
    await t.app.db
      .insertInto('ledger_term')
      .values({ field: 'tag', value: 'bulk', value_lc: 'bulk', seen_at: now })
      .execute();
    expect(await list('?pageSize=1')).toMatchObject({ total: TOKEN_COUNT_CAP, totalCapped: true });
    expect(await list('?tag=BULK&pageSize=1')).toMatchObject({
      total: TOKEN_COUNT_CAP,
      totalCapped: true,
    });
    expect(await list('?status=expired&pageSize=1')).toMatchObject({ totalCapped: true });
    // A combination counts what it finds among the tag's newest thousand: "at least".
    const combined = await list('?tag=BULK&pageSize=1&status=expired');
    expect(combined.totalCapped).toBe(true);
    expect(combined.total).toBeGreaterThanOrEqual(1000);
    expect(await list('?tag=paged')).toMatchObject({ total: 6, totalCapped: false });
  });
});
