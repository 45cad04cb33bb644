import { BlockList, isIP } from 'node:net';

/** The address ranges behind proxy-addr's names, which Fastify's `trustProxy` accepts too. */
const NAMED: Record<string, Array<[string, number, 'ipv4' | 'ipv6']>> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  linklocal: [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ],
  uniquelocal: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
};

const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/**
 * Whether a socket address is one of the configured trusted proxies (TRUST_PROXY), with the
 * same meaning Fastify gives the setting. Fastify reads X-Forwarded-For by itself; this answers
 * "did the request come through a trusted proxy" for headers it does not read (X-Real-IP).
 * IPv4-mapped IPv6 addresses match their IPv4 entries.
 */
export function proxyTrust(setting: boolean | string[]): (address: string) => boolean {
  if (setting === true) return () => true;
  if (setting === false || setting.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of setting) {
    const named = NAMED[entry];
    if (named) {
      for (const [network, prefix, type] of named) list.addSubnet(network, prefix, type);
      continue;
    }
    const [network = '', prefix] = entry.split('/');
    if (isIP(network) === 0) continue;
    if (prefix === undefined) list.addAddress(network, family(network));
    else list.addSubnet(network, Number(prefix), family(network));
  }
  return (address) => isIP(address) !== 0 && list.check(address, family(address));
}
