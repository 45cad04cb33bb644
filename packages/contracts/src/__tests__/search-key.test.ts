import { describe, expect, it } from 'vitest';
import { searchKey } from '../search-key.ts';

describe('searchKey', () => {
  it('should make text that looks the same one search key', () => {
    expect(searchKey('Caf\u00e9')).toBe(searchKey('CAFE\u0301'));
    expect(searchKey('\uff36\uff29\uff30')).toBe('vip');
    expect(searchKey('\ufb01nale')).toBe('finale');
  });

  it('should leave ASCII as lower case only', () => {
    expect(searchKey('DmEvt-CupFn_%\\')).toBe('dmevt-cupfn_%\\');
  });
});
