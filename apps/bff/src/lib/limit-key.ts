import ipaddr from 'ipaddr.js';

/**
 * The part of a client address that per-address rate limits count. An IPv4 address counts
 * whole; an IPv6 address by its /64 network, because one subscriber, server or VPN exit is
 * given at least a /64 and may use any address in it: counted whole, one client could send
 * each request from a new address and never reach a limit. An IPv4-mapped IPv6 address
 * (`::ffff:203.0.113.7`) counts as the IPv4 it carries; anything else as it is.
 */
export function limitKeyOf(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const network = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${network.join(':')}::/64`;
}
