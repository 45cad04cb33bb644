/**
 * Rules for the viewer restrictions a token can carry. nanoStream Cloud documents the referer
 * rules for its legacy secure tokens only; the same rules are applied to the JWT `domain`.
 */

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export type DomainCheck =
  { ok: true; host: string; normalised: boolean } | { ok: false; reason: string };

/**
 * Turns what a user pasted into the host name nanoStream compares with the Referer.
 * A URL (with a scheme, a path or a port) keeps only its host name; `normalised` says so.
 */
export function normaliseDomain(input: string): DomainCheck {
  const raw = input.trim();
  if (raw === '') return { ok: false, reason: 'Enter a host name such as example.com.' };
  if (raw.includes('*')) {
    return {
      ok: false,
      reason: 'Wildcards are not supported. Enter one host name such as www.example.com.',
    };
  }
  let host = raw;
  let normalised = false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) || /[/:?#@]/.test(raw)) {
    try {
      const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
      host = url.hostname;
      normalised = host !== raw;
    } catch {
      return {
        ok: false,
        reason: 'This is neither a host name nor a URL. Enter e.g. example.com.',
      };
    }
  }
  host = host.toLowerCase();
  const withoutDot = host.endsWith('.') ? host.slice(0, -1) : host;
  if (withoutDot.length > 253) return { ok: false, reason: 'Use at most 253 characters.' };
  const labels = withoutDot.split('.');
  if (labels.length < 2) {
    return { ok: false, reason: 'Include the top-level domain, e.g. example.com.' };
  }
  for (const label of labels) {
    if (label.length === 0 || label.length > 63) {
      return { ok: false, reason: 'Each part between dots must have 1 to 63 characters.' };
    }
    if (!LABEL.test(label)) {
      return {
        ok: false,
        reason:
          'Use only letters, digits, dots and hyphens, and no hyphen at the start or end of a part.',
      };
    }
  }
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) {
    return {
      ok: false,
      reason: 'Enter a host name, not an IP address; the top-level domain cannot be all digits.',
    };
  }
  return { ok: true, host, normalised: normalised || host !== raw };
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(value: string): boolean {
  return IPV4.test(value);
}

/** Loose IPv6 recognition, enough to explain why it is refused. */
export function looksLikeIPv6(value: string): boolean {
  const bare = value.replace(/^\[|\]$/g, '');
  return (bare.match(/:/g)?.length ?? 0) >= 2 && /^[0-9a-f:.]+$/i.test(bare);
}

/** `::ffff:203.0.113.7` → `203.0.113.7`; anything else unchanged. */
export function unmapIPv4(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match?.[1] ?? address;
}

export const IPV6_REFUSAL =
  'nanoStream Cloud binds tokens to IPv4 addresses only: IPv6 viewers reach it through NAT64. Enter the viewer’s public IPv4 address.';

/** What to do about an IPv6 viewer (nanoStream's token best practices). */
export const IPV6_ADVICE =
  'nanoStream Cloud streams over IPv4: a viewer on IPv6 reaches it through NAT64, so a token is bound to the viewer’s public IPv4 address. The viewer can look it up at https://api.ipify.org; enter that address here.';

export interface NonPublicRange {
  /** CIDR notation, e.g. 10.0.0.0/8. */
  range: string;
  /** What the range is, for a sentence such as "10.9.8.7 is a private address". */
  description: string;
}

// [first octets as a 32-bit number, prefix length, range, description]
const NON_PUBLIC: ReadonlyArray<readonly [number, number, string, string]> = [
  [0x00000000, 8, '0.0.0.0/8', 'a “this network” address'],
  [0x0a000000, 8, '10.0.0.0/8', 'a private address'],
  [0x64400000, 10, '100.64.0.0/10', 'a carrier-grade NAT (shared) address'],
  [0x7f000000, 8, '127.0.0.0/8', 'a loopback address (this machine)'],
  [0xa9fe0000, 16, '169.254.0.0/16', 'a link-local address'],
  [0xac100000, 12, '172.16.0.0/12', 'a private address'],
  [0xc0a80000, 16, '192.168.0.0/16', 'a private address'],
  [0xe0000000, 4, '224.0.0.0/4', 'a multicast address'],
  [0xf0000000, 4, '240.0.0.0/4', 'a reserved or broadcast address'],
];

/**
 * The range of an IPv4 address that no viewer reaches nanoStream's edge from (private,
 * loopback, CGNAT, link-local, multicast, reserved), or null for a public address. The edge
 * compares the token's IP with the viewer's public address, so such a token plays only where
 * viewer and edge share that network (a lab).
 */
export function nonPublicIPv4(address: string): NonPublicRange | null {
  if (!isIPv4(address)) return null;
  const value = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  for (const [base, prefix, range, description] of NON_PUBLIC) {
    const size = 2 ** (32 - prefix);
    if (value >= base && value < base + size) return { range, description };
  }
  return null;
}

/**
 * "10.9.8.7 is a private address (10.0.0.0/8)": what the token form and the bulk preview say
 * about an address no viewer has, or null for a public one (and for anything not IPv4).
 */
export function describeNonPublicIPv4(address: string): string | null {
  const special = nonPublicIPv4(address);
  return special && `${address} is ${special.description} (${special.range})`;
}
