import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEVICE_COOKIE_MAX_AGE_SECONDS, DeviceCookies } from '../../src/services/device-cookie.ts';
import { waitAfter } from '../../src/services/sign-in-throttle.ts';

const NOW = 1_800_000_000_000;

describe('DeviceCookies', () => {
  const key = randomBytes(32);
  const cookies = new DeviceCookies([key]);

  it('should accept its own value for the same email until it expires', () => {
    const value = cookies.issue('ada@example.com', NOW);
    const id = cookies.verify(value, 'ada@example.com', NOW);
    expect(id).toMatch(/^[\w-]{22}$/);
    expect(cookies.issue('ada@example.com', NOW, id)).toMatch(new RegExp(`^${id}\\.`));
    expect(
      cookies.verify(value, 'ada@example.com', NOW + DEVICE_COOKIE_MAX_AGE_SECONDS * 1000),
    ).toBeUndefined();
  });

  it('should refuse another email, another key, a changed part and a second spelling of the MAC', () => {
    const value = cookies.issue('ada@example.com', NOW);
    expect(cookies.verify(value, 'bob@example.com', NOW)).toBeUndefined();
    expect(new DeviceCookies([randomBytes(32)]).verify(value, 'ada@example.com', NOW)).toBe(
      undefined,
    );
    const [id, expires, mac] = value.split('.') as [string, string, string];
    expect(cookies.verify(`${id}.${Number(expires) + 1}.${mac}`, 'ada@example.com', NOW)).toBe(
      undefined,
    );
    // The last base64url character carries two unused bits: flip one of them.
    const last = mac.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = alphabet[alphabet.indexOf(last) ^ 1] as string;
    expect(Buffer.from(mac.slice(0, -1) + respelled, 'base64url')).toEqual(
      Buffer.from(mac, 'base64url'),
    );
    expect(
      cookies.verify(`${id}.${expires}.${mac.slice(0, -1)}${respelled}`, 'ada@example.com', NOW),
    ).toBeUndefined();
    expect(cookies.verify('nonsense', 'ada@example.com', NOW)).toBeUndefined();
    expect(cookies.verify(undefined, 'ada@example.com', NOW)).toBeUndefined();
  });

  it('should accept a value signed under an older session key after rotation', () => {
    const value = cookies.issue('ada@example.com', NOW);
    const rotated = new DeviceCookies([randomBytes(32), key]);
    expect(rotated.verify(value, 'ada@example.com', NOW)).toBeDefined();
  });
});

describe('waitAfter', () => {
  it('should wait nothing for the free failures, then 1 s doubling up to the cap', () => {
    const waits = [5, 6, 7, 8, 20, 1000].map((failures) => waitAfter(failures, 5, 900_000));
    expect(waits).toEqual([0, 1000, 2000, 4000, 900_000, 900_000]);
  });
});
