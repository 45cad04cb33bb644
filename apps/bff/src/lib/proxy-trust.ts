import proxyAddr from '@fastify/proxy-addr';

/**
 * Whether a socket address is one of the configured trusted proxies (TRUST_PROXY), compiled by
 * the proxy-addr Fastify compiles its own `trustProxy` with, so both always agree. Fastify reads
 * X-Forwarded-For by itself; this answers "did the request come through a trusted proxy" for
 * headers it does not read (X-Real-IP). IPv4-mapped IPv6 addresses match their IPv4 entries.
 * Throws on an entry that is not an address, a range or a proxy-addr name.
 */
export function proxyTrust(setting: boolean | string[]): (address: string) => boolean {
  if (typeof setting === 'boolean') return () => setting;
  const trusts = proxyAddr.compile(setting);
  return (address) => trusts(address, 0);
}
