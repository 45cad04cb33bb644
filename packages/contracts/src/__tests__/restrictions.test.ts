import { describe, expect, it } from 'vitest';
import { normaliseDomain, unmapIPv4 } from '../restrictions.ts';
import { createTokenRequestSchema } from '../token-request.ts';

const schema = createTokenRequestSchema();
const base = { target: { type: 'organisation' as const } };
const firstIssue = (input: object) => {
  const result = schema.safeParse({ ...base, ...input });
  return result.success ? undefined : result.error.issues[0];
};

describe('client IP', () => {
  it('should accept a single IPv4 address', () => {
    expect(schema.parse({ ...base, ip: ' 203.0.113.7 ' }).ip).toBe('203.0.113.7');
    expect(schema.parse({ ...base, ip: '0.0.0.0' }).ip).toBe('0.0.0.0');
    expect(schema.parse({ ...base, ip: '' }).ip).toBeUndefined();
  });

  it('should refuse an IPv6 address and explain NAT64', () => {
    const issue = firstIssue({ ip: '2001:db8::1' });
    expect(issue?.path).toEqual(['ip']);
    expect(issue?.message).toMatch(
      /^Client IP: nanoStream Cloud binds tokens to IPv4 addresses only/,
    );
    expect(issue?.message).toMatch(/NAT64/);
  });

  it.each(['256.1.1.1', '1.2.3', '01.2.3.4', '10.0.0.0/24', '1.2.3.4:80', 'localhost'])(
    'should refuse %s as not a single IPv4 address',
    (ip) => {
      expect(firstIssue({ ip })?.message).toMatch(/^Client IP: enter a single IPv4 address/);
    },
  );

  it('should unmap an IPv4-mapped IPv6 address', () => {
    expect(unmapIPv4('::ffff:198.51.100.4')).toBe('198.51.100.4');
    expect(unmapIPv4('2001:db8::1')).toBe('2001:db8::1');
  });
});

describe('domain', () => {
  it('should normalise a pasted URL to its host name and say so', () => {
    expect(normaliseDomain('https://example.com/path')).toEqual({
      ok: true,
      host: 'example.com',
      normalised: true,
    });
    expect(normaliseDomain('https://Player.Example.com:8443/a?b=c#d')).toEqual({
      ok: true,
      host: 'player.example.com',
      normalised: true,
    });
    expect(normaliseDomain('example.com/live')).toEqual({
      ok: true,
      host: 'example.com',
      normalised: true,
    });
    expect(schema.parse({ ...base, domain: 'https://example.com/path' }).domain).toBe(
      'example.com',
    );
  });

  it('should keep a plain host name as it is', () => {
    expect(normaliseDomain('www.example.co.uk')).toEqual({
      ok: true,
      host: 'www.example.co.uk',
      normalised: false,
    });
    expect(normaliseDomain('example.com.').ok).toBe(true);
  });

  it('should refuse a wildcard', () => {
    expect(firstIssue({ domain: '*.example.com' })?.message).toBe(
      'Domain: Wildcards are not supported. Enter one host name such as www.example.com.',
    );
  });

  it.each([
    ['localhost', /top-level domain/],
    ['-bad.example.com', /hyphen/],
    ['bad-.example.com', /hyphen/],
    ['exa_mple.com', /letters, digits/],
    ['example.123', /IP address/],
    ['192.168.1.1', /IP address/],
    [`${'a'.repeat(64)}.com`, /1 to 63/],
    [`${'a.'.repeat(127)}com`, /253/],
  ])('should refuse %s', (domain, reason) => {
    const issue = firstIssue({ domain });
    expect(issue?.path).toEqual(['domain']);
    expect(issue?.message).toMatch(/^Domain: /);
    expect(issue?.message).toMatch(reason);
  });

  it('should accept a label of exactly 63 characters', () => {
    expect(normaliseDomain(`${'a'.repeat(63)}.com`).ok).toBe(true);
  });
});
