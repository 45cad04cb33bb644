import { describe, expect, it } from 'vitest';
import { normaliseOrigin, originHost, requestOrigin } from '../origin.ts';

describe('site origins', () => {
  it('should read an Origin or Referer header as the origin browsers send, with its host', () => {
    expect(requestOrigin('https://Shop.Example.com')).toEqual({
      origin: 'https://shop.example.com',
      host: 'shop.example.com',
    });
    expect(requestOrigin('https://shop.example.com:443/live?seat=7')?.origin).toBe(
      'https://shop.example.com',
    );
    expect(requestOrigin('http://shop.example.com:8080/')?.origin).toBe(
      'http://shop.example.com:8080',
    );
    expect(requestOrigin('null')).toBeNull();
    expect(requestOrigin('file:///home/page.html')).toBeNull();
  });

  it('should say when what was typed became another origin', () => {
    expect(normaliseOrigin('https://shop.example.com')).toMatchObject({ normalised: false });
    expect(normaliseOrigin('shop.example.com')).toMatchObject({
      origin: 'https://shop.example.com',
      normalised: true,
    });
    expect(originHost('http://localhost:8080')).toBe('localhost');
  });

  it('should point a page on this machine given by address to localhost', () => {
    expect(normaliseOrigin('http://localhost:3000')).toMatchObject({
      ok: true,
      origin: 'http://localhost:3000',
    });
    expect(normaliseOrigin('http://127.0.0.1:3000')).toEqual({
      ok: false,
      reason:
        'For a page on this machine enter http://localhost:3000: sites are host names, not IP addresses.',
    });
    expect(normaliseOrigin('http://[::1]:8080/examples/viewer')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('enter http://localhost:8080:'),
    });
  });
});
