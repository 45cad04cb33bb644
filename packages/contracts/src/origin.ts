import { normaliseDomain } from './restrictions.ts';

/**
 * Sites as web origins (scheme, host, port), the unit browsers send in `Origin` and CORS
 * compares. A playback policy lists them; the token's `domain` is the host of the one that asked.
 */

export type OriginCheck =
  { ok: true; origin: string; host: string; normalised: boolean } | { ok: false; reason: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** `localhost` has no top-level domain but is what a local test page runs on. */
const isLocalhost = (host: string) => host === 'localhost';

/** This machine by address: a policy names it `localhost` instead. */
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '[::1]']);

/** `https://Shop.Example.com:443/` → `https://shop.example.com`: the form browsers send. */
function serialise(url: URL, host: string) {
  return `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`;
}

/**
 * What staff typed or pasted, as an origin: https unless a scheme is written
 * (`www.example.com` → `https://www.example.com`, `http://localhost:8080` stays so). A pasted
 * page URL keeps only its origin; `normalised` says so.
 */
export function normaliseOrigin(input: string): OriginCheck {
  const raw = input.trim();
  if (raw === '') return { ok: false, reason: 'Enter a site such as https://www.example.com.' };
  if (raw.includes('*')) {
    return {
      ok: false,
      reason: 'Wildcards are not supported. Enter one site such as https://www.example.com.',
    };
  }
  const scheme = SCHEME.exec(raw)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'https' && scheme !== 'http') {
    return { ok: false, reason: 'Use an https:// (or http://) address.' };
  }
  const withScheme = scheme === undefined ? `https://${raw}` : raw;
  if (!URL.canParse(withScheme)) {
    return { ok: false, reason: 'This is neither a host name nor a URL. Enter e.g. example.com.' };
  }
  const url = new URL(withScheme);
  if (url.username || url.password) {
    return { ok: false, reason: 'Leave out user names and passwords: enter the site only.' };
  }
  const hostname = url.hostname.replace(/\.$/, '');
  if (LOOPBACK_ADDRESSES.has(hostname)) {
    const local = `${url.protocol}//localhost${url.port ? `:${url.port}` : ''}`;
    return {
      ok: false,
      reason: `For a page on this machine enter ${local}: sites are host names, not IP addresses.`,
    };
  }
  if (!isLocalhost(hostname)) {
    const domain = normaliseDomain(hostname);
    if (!domain.ok) return domain;
  }
  const origin = serialise(url, hostname);
  return { ok: true, origin, host: hostname, normalised: origin !== raw };
}

/**
 * The origin of an `Origin` or `Referer` header a browser sent, in the same form, with its
 * host; null for anything that is not an http(s) URL (`null`, `file:`, garbage).
 */
export function requestOrigin(value: string): { origin: string; host: string } | null {
  const known = seenOrigins.get(value);
  if (known !== undefined) return known;
  const site = parseRequestOrigin(value);
  // Bounded: a client sending a new header each time only empties it now and then.
  if (seenOrigins.size >= SEEN_ORIGINS_MAX) seenOrigins.clear();
  seenOrigins.set(value, site);
  return site;
}

/**
 * Answers by header value: every viewer of a site sends the same one, and the public endpoint
 * asks three times per request (CORS, the policy, the origin check), two URL parses each.
 */
const seenOrigins = new Map<string, { origin: string; host: string } | null>();
const SEEN_ORIGINS_MAX = 1000;

function parseRequestOrigin(value: string) {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.replace(/\.$/, '');
  if (host === '') return null;
  return Object.freeze({ origin: serialise(url, host), host });
}

/** `https://www.example.com:8443` → `www.example.com`. */
export const originHost = (origin: string) => new URL(origin).hostname;
