import { describe, expect, it } from 'vitest';
import { proxyTrust } from '../../src/lib/proxy-trust.ts';

describe('proxyTrust', () => {
  it('should trust nothing by default and everything with true', () => {
    expect(proxyTrust(false)('127.0.0.1')).toBe(false);
    expect(proxyTrust(true)('198.51.100.1')).toBe(true);
  });

  it('should read addresses, CIDR ranges and the proxy-addr names like Fastify', () => {
    const trusted = proxyTrust(['loopback', '10.1.0.0/16', '198.51.100.7', 'fd00::/8']);
    expect(trusted('127.0.0.1')).toBe(true);
    expect(trusted('::1')).toBe(true);
    expect(trusted('10.1.200.3')).toBe(true);
    expect(trusted('10.2.0.1')).toBe(false);
    expect(trusted('198.51.100.7')).toBe(true);
    expect(trusted('198.51.100.8')).toBe(false);
    expect(trusted('fd12::1')).toBe(true);
    expect(trusted('2001:db8::1')).toBe(false);
    expect(trusted('not an address')).toBe(false);
  });

  it('should match IPv4-mapped socket addresses against IPv4 entries', () => {
    const trusted = proxyTrust(['uniquelocal']);
    expect(trusted('::ffff:192.168.1.10')).toBe(true);
    expect(trusted('::ffff:203.0.113.1')).toBe(false);
  });
});
