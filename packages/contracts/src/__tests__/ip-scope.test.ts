import { describe, expect, it } from 'vitest';
import { describeNonPublicIPv4, IPV6_ADVICE, nonPublicIPv4 } from '../restrictions.ts';

describe('client IP scope', () => {
  it.each([
    ['10.9.8.7', '10.0.0.0/8'],
    ['172.16.0.0', '172.16.0.0/12'],
    ['172.31.255.255', '172.16.0.0/12'],
    ['192.168.1.20', '192.168.0.0/16'],
    ['127.0.0.1', '127.0.0.0/8'],
    ['100.64.0.1', '100.64.0.0/10'],
    ['100.127.255.255', '100.64.0.0/10'],
    ['169.254.169.254', '169.254.0.0/16'],
    ['0.0.0.0', '0.0.0.0/8'],
    ['224.0.0.1', '224.0.0.0/4'],
    ['255.255.255.255', '240.0.0.0/4'],
  ])('should name %s as an address no viewer reaches the edge from (%s)', (ip, range) => {
    expect(nonPublicIPv4(ip)).toMatchObject({ range, description: expect.any(String) });
  });

  it.each([
    '8.8.8.8',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '203.0.113.7',
  ])('should treat %s as a public address', (ip) => {
    expect(nonPublicIPv4(ip)).toBeNull();
  });

  it('should say in one sentence what a non-public address is, and nothing for a public one', () => {
    expect(describeNonPublicIPv4('10.9.8.7')).toBe('10.9.8.7 is a private address (10.0.0.0/8)');
    expect(describeNonPublicIPv4('127.0.0.1')).toBe(
      '127.0.0.1 is a loopback address (this machine) (127.0.0.0/8)',
    );
    expect(describeNonPublicIPv4('203.0.113.7')).toBeNull();
    expect(describeNonPublicIPv4('10.0.0')).toBeNull();
  });

  it('should say how an IPv6 viewer finds the public IPv4 address to enter', () => {
    expect(IPV6_ADVICE).toMatch(/NAT64/);
    expect(IPV6_ADVICE).toContain('https://api.ipify.org');
  });
});
