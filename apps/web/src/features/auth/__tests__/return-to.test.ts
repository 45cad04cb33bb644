import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '../return-to.ts';

describe('safeReturnTo', () => {
  it('should land on the Event overview when no page was asked for', () => {
    expect(safeReturnTo(undefined)).toBe('/');
    expect(safeReturnTo('/sign-in')).toBe('/');
    expect(safeReturnTo('/sign-in?next=1')).toBe('/');
  });

  it('should keep a page inside the app', () => {
    expect(safeReturnTo('/tokens?tag=vip')).toBe('/tokens?tag=vip');
  });

  it('should never leave for another origin', () => {
    expect(safeReturnTo('//evil.example/')).toBe('/');
    expect(safeReturnTo('https://evil.example/')).toBe('/');
  });
});
