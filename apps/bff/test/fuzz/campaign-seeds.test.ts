import { describe, expect, it } from 'vitest';
import { batchSeed } from './generate.ts';

const BATCHES = 250;
const seeds = (seed: number) =>
  new Set(Array.from({ length: BATCHES }, (_, b) => batchSeed(seed, b)));

describe('campaign seeds', () => {
  it('should send other requests in a campaign of the next seed, not the same ones shifted', () => {
    for (const seed of [0, 20_261_202, 2 ** 31 - 2]) {
      const next = seeds(seed + 1);
      const shared = [...seeds(seed)].filter((s) => next.has(s));
      expect(shared, `seeds ${seed} and ${seed + 1}`).toEqual([]);
    }
  });
});
