import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CONTEXT_PREFIXES,
  answerContext,
  rowContext,
  secretContext,
  tokenContext,
  totpContext,
} from '../../src/lib/crypto-contexts.ts';
import { open, seal, type KeyList } from '../../src/lib/crypto.ts';

const prefixes = Object.values(CONTEXT_PREFIXES);

describe('crypto contexts', () => {
  it('should give every kind of sealed value a prefix that no other kind begins with', () => {
    for (const a of prefixes) {
      for (const b of prefixes) {
        if (a !== b) expect(b.startsWith(a), `${b} begins with ${a}`).toBe(false);
      }
    }
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('should bind each kind to its own prefix, so the same id never gives two kinds one context', () => {
    const id = randomUUID();
    const contexts = [
      [CONTEXT_PREFIXES.token, tokenContext(id)],
      [CONTEXT_PREFIXES.policySecret, secretContext(id)],
      [CONTEXT_PREFIXES.totp, totpContext(id)],
      [CONTEXT_PREFIXES.bulkRow, rowContext(id, 1)],
    ] as const;
    for (const [prefix, context] of contexts) expect(context.startsWith(prefix)).toBe(true);
    const answer = answerContext({ staffId: id, scope: 'tokens.create', key: id });
    for (const prefix of prefixes) expect(answer.startsWith(prefix)).toBe(false);
    expect(new Set([...contexts.map(([, c]) => c), answer]).size).toBe(contexts.length + 1);
  });

  it('should refuse to open a value sealed for one kind as another kind of the same row', () => {
    const keys: KeyList = [Buffer.alloc(32, 7)];
    const id = randomUUID();
    const sealed = seal(keys, 'secret', secretContext(id));
    expect(open(keys, sealed, secretContext(id))).toBe('secret');
    expect(() => open(keys, sealed, totpContext(id))).toThrow();
  });
});
