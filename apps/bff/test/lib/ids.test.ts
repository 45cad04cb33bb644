import { validate, version } from 'uuid';
import { describe, expect, it, vi } from 'vitest';
import { appendOnlyId } from '../../src/lib/ids.ts';

describe('appendOnlyId', () => {
  it('should give UUIDv7s that keep the order they were made in, within one millisecond too', () => {
    const ids = Array.from({ length: 2000 }, () => appendOnlyId());
    for (const id of ids) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('should not ask the system for random bytes for every id', async () => {
    const crypto = await import('node:crypto');
    const fill = vi.spyOn(crypto.webcrypto, 'getRandomValues');
    try {
      for (let i = 0; i < 100; i += 1) appendOnlyId();
      expect(fill.mock.calls.length).toBeLessThan(10);
    } finally {
      fill.mockRestore();
    }
  });
});
