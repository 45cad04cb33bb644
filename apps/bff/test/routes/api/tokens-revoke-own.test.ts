import type { TokenRecord } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { createToken } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const {
  emulator,
  clients: { editor, otherEditor },
} = useTestApp({ clients: { editor: 'editor', otherEditor: 'editor' } });

async function verify(token: string) {
  const response = await fetch(`${emulator.url}/api/v1/splay/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  return response.status;
}

describe('editors revoking', () => {
  it('should let an editor revoke a revocable token they created', async () => {
    const created = await createToken(editor, { revocable: true });
    const response = await editor.post(`/api/tokens/${created.record.id}/revoke`);
    expect(response.statusCode).toBe(200);
    expect(response.json<TokenRecord>()).toMatchObject({
      status: 'revoked',
      revokedBy: { id: editor.session?.user.id },
    });
    expect(await verify(created.token)).toBe(403);
  });

  it('should refuse an editor another staff member’s token, naming the rule', async () => {
    const created = await createToken(otherEditor, { revocable: true });
    const response = await editor.post(`/api/tokens/${created.record.id}/revoke`);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/only the tokens you created/),
    });
    expect(await verify(created.token)).toBe(200);
    expect((await editor.get(`/api/tokens/${created.record.id}`)).json()).toMatchObject({
      status: 'active',
      revocationRequestedAt: null,
    });
  });
});
