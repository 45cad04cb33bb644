import { decodeToken, type CreateTokenResponse } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { type Client, staffClient } from '../../helpers/client.ts';
import { tokenRequest } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const DAY = 86_400;

const {
  t,
  clients: { editor },
} = useTestApp({ clients: { editor: 'editor' } });

const seconds = (iso: string) => Date.parse(iso) / 1000;

async function mint(body: Record<string, unknown>, as: Client = editor) {
  const response = await as.post('/api/tokens', tokenRequest(body));
  expect(response.statusCode, response.body).toBe(201);
  const created = response.json<CreateTokenResponse>();
  const decoded = decodeToken(created.token);
  if (!decoded.ok) throw new Error(decoded.reason);
  return { record: created.record, claims: decoded.token.claims as { iat: number; exp: number } };
}

describe('POST /api/tokens with a preset duration', () => {
  it('should count a preset from when the token is minted, by the BFF’s clock', async () => {
    const { record, claims } = await mint({ expiresIn: 3600 });
    expect(seconds(record.expiresAt) - seconds(record.issuedAt)).toBe(3600);
    expect(claims.exp).toBe(seconds(record.expiresAt));
    // The token service stamps `iat` a moment later, within the same or the next second.
    expect(claims.exp - claims.iat).toBeGreaterThanOrEqual(3599);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(3600);
  });

  it('should mint a revocable token for the full 24 hours whatever the browser’s clock says', async () => {
    const { record, claims } = await mint({ revocable: true, expiresIn: DAY });
    expect(record.revocable).toBe(true);
    expect(seconds(record.expiresAt) - seconds(record.issuedAt)).toBe(DAY);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(DAY);
  });

  it('should mint 365 days exactly at the cap', async () => {
    const { record, claims } = await mint({ expiresIn: 365 * DAY });
    expect(seconds(record.expiresAt) - seconds(record.issuedAt)).toBe(365 * DAY);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(365 * DAY);
  });

  it('should count a preset from the BFF’s clock when that is ahead of the browser’s', async () => {
    t.clock.advance(5 * 60_000);
    try {
      // A session of its own: one last seen in the future is refused once the clock is back.
      const client = await staffClient(t.app, 'editor');
      // The clock keeps running: the mint's second lies between these two readings.
      const before = Math.floor(t.clock.now() / 1000);
      const { record } = await mint({ expiresIn: 3600 }, client);
      const after = Math.floor(t.clock.now() / 1000);
      expect(seconds(record.expiresAt)).toBeGreaterThanOrEqual(before + 3600);
      expect(seconds(record.expiresAt)).toBeLessThanOrEqual(after + 3600);
    } finally {
      t.clock.advance(-5 * 60_000);
    }
  });

  it('should refuse a duration over a cap with 400 naming the expiry, minting nothing', async () => {
    const response = await editor.post(
      '/api/tokens',
      tokenRequest({ revocable: true, expiresIn: DAY + 1 }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'invalid-request',
      issues: [{ path: 'expiresIn', message: expect.stringContaining('24 hours') }],
    });
    const both = await editor.post(
      '/api/tokens',
      tokenRequest({ expiresIn: 60, expiresAt: new Date(Date.now() + 60_000).toISOString() }),
    );
    expect(both.statusCode).toBe(400);
    expect(both.json().issues[0]).toMatchObject({ path: 'expiresIn' });
  });
});
