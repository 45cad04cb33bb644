import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '../../../src/services/sso/return-path.ts';

describe('safeReturnPath', () => {
  it('should keep a path of this app with its query', () => {
    expect(safeReturnPath('/tokens?status=active&tag=a%20b')).toBe(
      '/tokens?status=active&tag=a%20b',
    );
    expect(safeReturnPath('/streams/id-DmoEv-Stage1')).toBe('/streams/id-DmoEv-Stage1');
  });

  it('should return the path a browser lands on, dot segments resolved', () => {
    expect(safeReturnPath('/tokens/./x/../?tag=a')).toBe('/tokens/?tag=a');
  });

  it('should send anything that could leave the app, or loop back to sign-in, to the start', () => {
    for (const value of [
      undefined,
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/sign-in?x=1',
      '/api/session/sso/start',
      '/..//evil.example',
      '/./..//evil.example/x',
      '/%2e%2e//evil.example',
      '/x/../sign-in',
      '/tokens/../api/session',
      `/tokens?q=${"'".repeat(700)}`,
    ]) {
      expect(safeReturnPath(value), JSON.stringify(value)).toBe('/');
    }
  });
});
