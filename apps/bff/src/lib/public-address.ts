import ipaddr from 'ipaddr.js';

/**
 * Which addresses the BFF may connect to on behalf of a URL someone else chose (a policy's
 * JWKS URL): public unicast only. Loopback, private (RFC 1918, CGNAT, ULA), link-local (with
 * the cloud metadata address), unspecified, multicast, broadcast, reserved, documentation,
 * benchmark and translation ranges are all something other than `unicast` to ipaddr.js.
 */

export type AddressVerdict = 'public' | 'loopback' | 'refused';

export function classifyAddress(address: string): AddressVerdict {
  if (!ipaddr.isValid(address)) return 'refused';
  // `process` turns an IPv4-mapped IPv6 address into the IPv4 it carries.
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return 'public';
  return range === 'loopback' ? 'loopback' : 'refused';
}

/** Names of cloud metadata services; they also resolve to link-local addresses, refused anyway. */
const METADATA_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.internal',
  'metadata.platformequinix.com',
]);

/** Suffixes that never name a public host: loopback by definition, or private-use zones. */
const LOCAL_SUFFIXES = ['.internal', '.local', '.localdomain', '.home.arpa', '.intranet', '.lan'];

/**
 * A verdict from the name alone, before any DNS: `localhost` and `*.localhost` are loopback
 * (RFC 6761), metadata and private-zone names are refused; anything else is decided by the
 * addresses it resolves to. `host` is a URL's hostname (IPv6 in brackets).
 */
export function classifyHostName(host: string): AddressVerdict | 'resolve' {
  const name = host.toLowerCase().replace(/\.$/, '');
  const literal = name.replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValid(literal)) return classifyAddress(literal);
  if (name === 'localhost' || name.endsWith('.localhost')) return 'loopback';
  if (METADATA_NAMES.has(name)) return 'refused';
  if (!name.includes('.') || LOCAL_SUFFIXES.some((suffix) => name.endsWith(suffix))) {
    return 'refused';
  }
  return 'resolve';
}
