import type { BulkRevocationPreview, TokenList } from '@ptd/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../helpers/app.ts';
import { addStaff, Client } from '../../helpers/client.ts';
import { createToken } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

/**
 * Text that looks the same is one search: an accent typed as its own character or with its
 * letter, full-width letters, and any case. The values themselves are kept as they were given.
 */
const COMPOSED = 'Caf\u00e9';
const DECOMPOSED = 'Cafe\u0301';
const FULL_WIDTH_USER = '\uff2a\uff2f-7'; // "ＪＯ-7"

const { t } = useTestApp();
let zoe: Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  // Her name as a Mac keyboard may send it: "e" and a separate diaeresis.
  await addStaff(t.app, 'editor', { email: 'zoe@example.com', displayName: 'Zoe\u0308 Adams' });
  zoe = new Client(t.app);
  expect((await zoe.signIn('zoe@example.com', PASSWORD)).statusCode).toBe(200);
  ids.composed = (
    await createToken(zoe, { tag: COMPOSED, revocable: true, expiresIn: 3600 })
  ).record.id;
  ids.decomposed = (
    await createToken(zoe, { tag: DECOMPOSED, revocable: true, expiresIn: 3600 })
  ).record.id;
  ids.fullWidth = (await createToken(zoe, { user: FULL_WIDTH_USER })).record.id;
});

const list = async (query: string) => {
  const response = await zoe.get(`/api/tokens?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response
    .json<TokenList>()
    .items.map((item) => Object.keys(ids).find((k) => ids[k] === item.id))
    .sort();
};

describe('text filters and how a text was typed', () => {
  it('should find a tag whether its accent was typed with the letter or after it', async () => {
    for (const text of [COMPOSED, DECOMPOSED, 'CAF\u00c9', 'f\u00e9', 'e\u0301']) {
      expect(await list(`tag=${encodeURIComponent(text)}`), text).toEqual([
        'composed',
        'decomposed',
      ]);
    }
    // The tags stay as they were given: what was signed is unchanged.
    const tags = (await zoe.get('/api/tokens?tag=caf')).json<TokenList>().items.map((i) => i.tag);
    expect(tags.sort()).toEqual([DECOMPOSED, COMPOSED]);
  });

  it('should find full-width letters by their plain form, and the other way round', async () => {
    expect(await list('user=jo-7')).toEqual(['fullWidth']);
    expect(await list(`user=${encodeURIComponent('\uff4a\uff4f')}`)).toEqual(['fullWidth']);
  });

  it('should find a creator whose name was typed with a separate accent', async () => {
    expect(await list(`createdBy=${encodeURIComponent('Zo\u00eb')}`)).toHaveLength(3);
  });

  it('should revoke by filter every token the list shows for the same text', async () => {
    const response = await zoe.get(
      `/api/tokens/revocations/preview?tag=${encodeURIComponent(COMPOSED)}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<BulkRevocationPreview>()).toMatchObject({ count: 2, notRevocable: 0 });
  });
});
