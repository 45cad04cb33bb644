import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, request, type Dispatcher } from 'undici';
import { classifyAddress, classifyHostName } from '../../lib/public-address.ts';

/**
 * Fetches a site's key set (JWKS) from a URL staff typed, for anonymous viewers: so it must not
 * become a way into this machine or its network. Every hop (at most 3 redirects, followed here)
 * is checked by name and, for host names, on the addresses DNS gives at connect time, which are
 * the ones connected to: a name that changes its answer between check and use gains nothing.
 */

export const KEY_SET_LIMITS = { deadlineMs: 3000, maxBytes: 64 * 1024, maxRedirects: 3 } as const;

export interface KeySetFetchOptions {
  /** IDENTITY_JWKS_ALLOW_HTTP_LOOPBACK: the URL staff entered may be (http to) this machine. */
  allowHttpLoopback: boolean;
  /** DNS; tests give names answers without a DNS server. */
  lookup?: typeof dnsLookup;
}

/** Why a key set cannot be used, as a sentence for staff (never the URL's path or query). */
export class KeySetError extends Error {
  override name = 'KeySetError';
  constructor(
    message: string,
    readonly kind: 'refused' | 'unavailable' | 'invalid',
  ) {
    super(`JWKS URL: ${message}`);
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The rule for one hop: may it reach loopback, and must it (plain http)? */
interface HopRule {
  loopback: boolean;
  onlyLoopback: boolean;
  /** How the refusal names the place: the host, or "it redirects to <host>". */
  where: string;
}

const notPublic = (where: string, resolved: boolean) =>
  resolved
    ? `${where} resolves to a private or local address, not a public address.`
    : `${where} is not a public address.`;

function guardedLookup(rule: HopRule, resolve: typeof dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, found) => {
      if (error) return callback(error, '', 0);
      const addresses = found as LookupAddress[];
      const allowed = addresses.every(({ address }) => {
        const verdict = classifyAddress(address);
        if (rule.onlyLoopback) return verdict === 'loopback';
        return verdict === 'public' || (rule.loopback && verdict === 'loopback');
      });
      if (!allowed || addresses.length === 0) {
        return callback(new KeySetError(notPublic(rule.where, true), 'refused'), '', 0);
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses as [LookupAddress];
      callback(null, first.address, first.family);
    });
  };
}

/** Checks a hop's URL before any connection; returns its rule for the connect-time check. */
function hopRule(url: URL, first: URL, options: KeySetFetchOptions, hop: number): HopRule {
  const where = hop === 0 ? url.hostname : `it redirects to ${url.hostname}, which`;
  // The exception for a local test server covers the origin staff entered, not redirects away.
  const loopback = options.allowHttpLoopback && url.origin === first.origin;
  const rule = { loopback, onlyLoopback: url.protocol === 'http:', where };
  const useHttps = new KeySetError(
    'use https://. Plain http is only for a key server on this machine, where the dashboard is set up for local testing.',
    'refused',
  );
  if (url.username || url.password) {
    throw new KeySetError('leave out user names and passwords; the keys are public.', 'refused');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw useHttps;
  const verdict = classifyHostName(url.hostname);
  if (verdict === 'refused' || (verdict === 'loopback' && !loopback)) {
    const hint = hop === 0 ? ' Use the https:// URL your site publishes its keys at.' : '';
    throw new KeySetError(`${notPublic(where, false)}${hint}`, 'refused');
  }
  if (url.protocol === 'http:' && verdict !== 'loopback') throw useHttps;
  return rule;
}

async function readCapped(body: Dispatcher.ResponseData['body'], length: string) {
  const tooLarge = () =>
    new KeySetError(`the answer is larger than ${KEY_SET_LIMITS.maxBytes / 1024} KB.`, 'invalid');
  if (Number(length) > KEY_SET_LIMITS.maxBytes) {
    body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > KEY_SET_LIMITS.maxBytes) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function networkError(error: unknown, deadline: AbortSignal) {
  if (error instanceof KeySetError) return error;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof KeySetError) return cause;
  if (deadline.aborted) {
    const seconds = KEY_SET_LIMITS.deadlineMs / 1000;
    return new KeySetError(`no complete answer within ${seconds} seconds.`, 'unavailable');
  }
  const code = String((error as { code?: unknown }).code ?? (cause as { code?: unknown })?.code);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new KeySetError('the host name does not resolve.', 'unavailable');
  }
  if (/CERT|SSL|TLS/.test(code)) {
    return new KeySetError('the server’s TLS certificate is not valid.', 'unavailable');
  }
  return new KeySetError('the server cannot be reached.', 'unavailable');
}

/** One GET under the hop's connect-time address check: the body, or where it redirects. */
async function fetchHop(
  url: URL,
  rule: HopRule,
  deadline: AbortSignal,
  resolve: typeof dnsLookup,
): Promise<{ text: string } | { redirect: string }> {
  // An agent per hop: its lookup knows this hop's rule, and nothing is kept between fetches.
  const agent = new Agent({ connect: { lookup: guardedLookup(rule, resolve) }, pipelining: 0 });
  try {
    const response = await request(url, {
      dispatcher: agent,
      method: 'GET',
      headers: { accept: 'application/jwk-set+json, application/json' },
      signal: deadline,
    });
    const { location, 'content-length': length } = response.headers;
    if (REDIRECTS.has(response.statusCode) && typeof location === 'string') {
      await response.body.dump();
      return { redirect: location };
    }
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new KeySetError(`the server answered HTTP ${response.statusCode}.`, 'unavailable');
    }
    return { text: await readCapped(response.body, typeof length === 'string' ? length : '') };
  } catch (error) {
    throw networkError(error, deadline);
  } finally {
    await agent.destroy();
  }
}

/** The parsed JSON at `url`, or a KeySetError saying why not. */
export async function fetchKeySet(url: string, options: KeySetFetchOptions): Promise<unknown> {
  const first = new URL(url);
  const deadline = AbortSignal.timeout(KEY_SET_LIMITS.deadlineMs);
  let current = first;
  for (let hop = 0; ; hop += 1) {
    const rule = hopRule(current, first, options, hop);
    const answer = await fetchHop(current, rule, deadline, options.lookup ?? dnsLookup);
    if ('redirect' in answer) {
      if (hop >= KEY_SET_LIMITS.maxRedirects) {
        throw new KeySetError(`more than ${KEY_SET_LIMITS.maxRedirects} redirects.`, 'unavailable');
      }
      if (!URL.canParse(answer.redirect, current.href)) {
        throw new KeySetError(
          'the server redirects to something that is not a URL.',
          'unavailable',
        );
      }
      current = new URL(answer.redirect, current);
      continue;
    }
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      throw new KeySetError('the answer is not a JSON key set ({"keys": […]}).', 'invalid');
    }
  }
}
