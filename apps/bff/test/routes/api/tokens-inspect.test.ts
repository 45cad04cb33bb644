import type { InspectResponse } from '@ptd/contracts';
import { signTestToken } from '@ptd/emulator';
import { describe, expect, it } from 'vitest';
import { createToken } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const {
  t,
  emulator,
  clients: { viewer, editor },
} = useTestApp({ clients: { viewer: 'viewer', editor: 'editor' } });

const inspect = async (token: string) => {
  const response = await viewer.post('/api/tokens/inspect', { token });
  expect(response.statusCode).toBe(200);
  return response.json<InspectResponse>();
};

describe('POST /api/tokens/inspect', () => {
  it('should decode a token of ours, report it valid and find its ledger record (any role)', async () => {
    const created = await createToken(editor, { tag: 'inspect-me' });
    const result = await inspect(created.token);
    expect(result.header).toMatchObject({ alg: 'EdDSA', typ: 'JWT' });
    expect(result.claims).toMatchObject({ jti: created.record.jti, tag: 'inspect-me' });
    expect(result.decodeError).toBeNull();
    expect(result.verdict).toEqual({ valid: true, errorCode: null, message: expect.any(String) });
    expect(result.record?.id).toBe(created.record.id);
  });

  it('should explain text that is no JWT and pass on the token service verdict', async () => {
    const result = await inspect('not a token');
    expect(result.header).toBeNull();
    expect(result.decodeError).toMatch(/not a JWT/);
    expect(result.verdict).toMatchObject({
      valid: false,
      errorCode: 2004,
      message: 'The token service cannot read this token (malformed JWT).',
    });
    expect(result.record).toBeNull();
  });

  it('should report an expired token with errorCode 1002 and no record when we did not issue it', async () => {
    const expired = await signTestToken(emulator.dataDir, {
      iat: 1_700_000_000,
      nbf: 1_700_000_000,
      exp: 1_700_003_600,
    });
    const result = await inspect(expired);
    expect(result.verdict).toMatchObject({
      valid: false,
      errorCode: 1002,
      message: 'The token has expired.',
    });
    expect(result.claims).toMatchObject({ exp: 1_700_003_600 });
    expect(result.record).toBeNull();
  });

  it('should report a forged signature as invalid', async () => {
    const forged = await signTestToken(emulator.dataDir, {}, { foreignKey: true });
    expect((await inspect(forged)).verdict).toMatchObject({
      valid: false,
      message: expect.stringMatching(/signature does not check out/),
    });
  });

  it('should require a signed-in staff member and a token', async () => {
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/tokens/inspect', payload: { token: 'x' } }))
        .statusCode,
    ).toBe(401);
    const empty = await viewer.post('/api/tokens/inspect', { token: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().issues[0]).toMatchObject({ path: 'token' });
  });
});
