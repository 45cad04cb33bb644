import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { open, openWithKeyIndex, seal } from '../../src/lib/crypto.ts';
import { loadOrCreateKey } from '../../src/lib/keys.ts';

describe('seal / open', () => {
  const key = [randomBytes(32)] as const;

  it('should round-trip and never contain the plaintext', () => {
    const sealed = seal(key, 'eyJ.secret.token', 'ledger:1');
    expect(sealed).not.toContain('secret');
    expect(open(key, sealed, 'ledger:1')).toBe('eyJ.secret.token');
    expect(seal(key, 'same', 'c')).not.toBe(seal(key, 'same', 'c'));
  });

  it('should never use one IV twice, across refills of the pool IVs are drawn from', () => {
    // 4 KiB of random bytes hold 341 IVs: 2,000 seals refill it five times.
    const ivs = Array.from({ length: 2000 }, () => seal(key, 'v', 'c').split('.')[1]);
    expect(new Set(ivs).size).toBe(2000);
    expect(ivs.every((iv) => Buffer.from(iv!, 'base64url').length === 12)).toBe(true);
  });

  it('should refuse another context, another key and a tampered ciphertext', () => {
    const sealed = seal(key, 'value', 'ledger:1');
    expect(() => open(key, sealed, 'ledger:2')).toThrow();
    expect(() => open([randomBytes(32)], sealed, 'ledger:1')).toThrow();
    const parts = sealed.split('.');
    parts[2] = (parts[2]?.[0] === 'A' ? 'B' : 'A') + parts[2]?.slice(1);
    expect(() => open(key, parts.join('.'), 'ledger:1')).toThrow();
  });
});

describe('seal / open with a key list (rotation)', () => {
  const [current, previous, other] = [randomBytes(32), randomBytes(32), randomBytes(32)];

  it('should seal under the first key and open what any listed key sealed, saying which', () => {
    const sealed = seal([current, previous], 'value', 'c');
    expect(open([current], sealed, 'c')).toBe('value');
    expect(openWithKeyIndex([current, previous], sealed, 'c')).toEqual({
      plaintext: 'value',
      keyIndex: 0,
    });
    const old = seal([previous], 'old value', 'c');
    expect(openWithKeyIndex([current, previous], old, 'c')).toEqual({
      plaintext: 'old value',
      keyIndex: 1,
    });
  });

  it('should refuse a value no listed key sealed, and a listed key with another context', () => {
    expect(() => open([current, previous], seal([other], 'value', 'c'), 'c')).toThrow();
    expect(() => open([current, previous], seal([previous], 'value', 'c'), 'd')).toThrow();
  });
});

describe('loadOrCreateKey', () => {
  it('should create a 0600 key once and read the same key later', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bff-keys-'));
    try {
      const first = await loadOrCreateKey(dir, 'ledger.key');
      expect(first).toHaveLength(32);
      expect((await stat(path.join(dir, 'ledger.key'))).mode & 0o777).toBe(0o600);
      expect((await loadOrCreateKey(dir, 'ledger.key')).equals(first)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('should refuse a key file that holds no 32-byte key', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bff-keys-'));
    try {
      await writeFile(path.join(dir, 'session.key'), 'c2hvcnQ=\n');
      await expect(loadOrCreateKey(dir, 'session.key')).rejects.toThrow(/32-byte/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
