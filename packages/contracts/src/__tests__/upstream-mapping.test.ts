import { describe, expect, it } from 'vitest';
import { splayRequestSchema } from '../nanostream.ts';
import { createTokenRequestSchema, resolveExpiry } from '../token-request.ts';
import { toSplayRequest } from '../upstream-mapping.ts';

const NOW = Date.UTC(2026, 10, 22, 9, 0, 0, 750);
const schema = createTokenRequestSchema(() => NOW);
/** Validated and minted at NOW. */
const mint = (input: unknown) => resolveExpiry(schema.parse(input), NOW);

describe('token service body', () => {
  it('should map streams with times in whole UNIX seconds', () => {
    const body = toSplayRequest(
      mint({
        target: { type: 'streams', streams: ['DmoEv-a', 'DmoEv-b'] },
        expiresAt: '2026-11-23T09:00:00.999Z',
        notBefore: '2026-11-22T10:00:00.500Z',
      }),
    );
    expect(body).toEqual({ streams: ['DmoEv-a', 'DmoEv-b'], exp: 1795424400, nbf: 1795341600 });
    expect(Number.isInteger(body.exp)).toBe(true);
    expect(body.exp).toBeLessThan(10_000_000_000); // seconds, never milliseconds
    expect(splayRequestSchema.parse(body)).toEqual(body);
  });

  it('should map a group and the organisation', () => {
    expect(toSplayRequest(mint({ target: { type: 'group', groupId: 'g-1' } }))).toMatchObject({
      groupid: 'g-1',
    });
    const org = toSplayRequest(mint({ target: { type: 'organisation' } }));
    expect(org).toMatchObject({ orgawide: true });
    expect(org).not.toHaveProperty('streams');
    expect(org).not.toHaveProperty('groupid');
  });

  it('should carry every restriction that was asked for and nothing else', () => {
    const body = toSplayRequest(
      mint({
        target: { type: 'organisation' },
        revocable: true,
        forceDisconnect: true,
        ip: '203.0.113.7',
        domain: 'https://shop.example.com/watch',
        tag: 'table 7',
        user: 'aaa-bbb',
      }),
    );
    expect(body).toEqual({
      orgawide: true,
      exp: Math.floor(NOW / 1000) + 86_400,
      revocable: true,
      forceDisconnect: true,
      ip: '203.0.113.7',
      domain: 'shop.example.com',
      tag: 'table 7',
      user: 'aaa-bbb',
    });
  });
});
