import type { TokenList } from '@ptd/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const HOUR = 3600;

const {
  clients: { editor },
} = useTestApp({ clients: { editor: 'editor' } });
beforeAll(async () => {
  await createToken(editor, { tag: 'exp-30m', expiresIn: HOUR / 2 });
  await createToken(editor, { tag: 'exp-2h', expiresIn: 2 * HOUR, revocable: true });
  await createToken(editor, { tag: 'exp-3d', expiresIn: 3 * 24 * HOUR });
  const revoked = await createToken(editor, {
    tag: 'exp-revoked',
    expiresIn: HOUR / 2,
    revocable: true,
  });
  await editor.post(`/api/tokens/${revoked.record.id}/revoke`);
  await createToken(editor, {
    tag: 'exp-scheduled',
    expiresIn: HOUR,
    notBefore: new Date(Date.now() + (HOUR / 4) * 1000).toISOString(),
  });
});

const tags = async (query: string) => {
  const response = await editor.get(`/api/tokens?tag=exp-&sort=expiresAt&order=asc&${query}`);
  expect(response.statusCode).toBe(200);
  const list = response.json<TokenList>();
  return { tags: list.items.map((item) => item.tag), total: list.total };
};

describe('GET /api/tokens?expiringWithin=…', () => {
  it('should list the active tokens that expire within the given time, and count them', async () => {
    expect(await tags(`expiringWithin=${HOUR}`)).toEqual({ tags: ['exp-30m'], total: 1 });
    expect(await tags(`expiringWithin=${24 * HOUR}`)).toEqual({
      tags: ['exp-30m', 'exp-2h'],
      total: 2,
    });
    expect((await tags(`expiringWithin=${7 * 24 * HOUR}`)).tags).toEqual([
      'exp-30m',
      'exp-2h',
      'exp-3d',
    ]);
  });

  it('should find them unfiltered otherwise too, newest first', async () => {
    const response = await editor.get(`/api/tokens?expiringWithin=${HOUR}`);
    expect(response.json<TokenList>().items.map((item) => item.tag)).toEqual(['exp-30m']);
  });

  it('should refuse a time under a minute with a 400 naming the field', async () => {
    const response = await editor.get('/api/tokens?expiringWithin=5');
    expect(response.statusCode).toBe(400);
    expect(response.json().issues[0]).toEqual({
      path: 'expiringWithin',
      message: 'Expiring within: at least 60 seconds.',
    });
  });
});
