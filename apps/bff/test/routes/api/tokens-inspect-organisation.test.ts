import { AUTH_HEADER_TOKEN, type InspectResponse } from '@ptd/contracts';
import { SEED } from '@ptd/emulator';
import { describe, expect, it } from 'vitest';
import { createToken } from '../../helpers/tokens.ts';
import { CREDENTIALS } from '../../helpers/upstream.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const {
  emulator,
  clients: { editor },
} = useTestApp({ clients: { editor: 'editor' } });

/** A token Partner Media minted for itself at the token service. */
async function partnerMediaToken(body: Record<string, unknown>) {
  const response = await fetch(`${emulator.url}/api/v1/splay`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [AUTH_HEADER_TOKEN]: CREDENTIALS.partnerMedia.adminToken,
    },
    body: JSON.stringify(body),
  });
  return ((await response.json()) as { data: { token: string } }).data.token;
}

const inspect = async (token: string) =>
  (await editor.post('/api/tokens/inspect', { token })).json<InspectResponse>();

describe('the inspector and other organisations', () => {
  it('should say a valid token of another organisation is that organisation’s', async () => {
    const result = await inspect(await partnerMediaToken({ streams: ['PrtMd-NwsDk'] }));
    expect(result.verdict.valid).toBe(true);
    expect(result.organisation).toEqual({
      belongsTo: 'other',
      name: 'Demo Events',
      otherId: SEED.organisations.partnerMedia.id,
      otherHash: 'PrtMd',
    });
  });

  it('should say so for another organisation’s organisation-wide token too', async () => {
    const result = await inspect(await partnerMediaToken({ orgawide: true }));
    expect(result.organisation).toMatchObject({
      belongsTo: 'other',
      otherId: SEED.organisations.partnerMedia.id,
      otherHash: null,
    });
  });

  it('should say a token this dashboard issued is this organisation’s', async () => {
    const created = await createToken(editor);
    expect((await inspect(created.token)).organisation).toEqual({
      belongsTo: 'this',
      name: 'Demo Events',
      otherId: null,
      otherHash: null,
    });
  });
});
