import type { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchKeySet } from '../../src/services/identity-keys/fetch-key-set.ts';
import { startConnectionRecorder, type ConnectionRecorder } from '../helpers/jwks-server.ts';

let recorder: ConnectionRecorder;
beforeAll(async () => {
  recorder = await startConnectionRecorder();
});
afterAll(() => recorder.close());

/** A DNS that answers every name with these addresses (no DNS server in tests). */
const answering = (...addresses: string[]) => {
  const asked: string[] = [];
  const lookup = ((
    hostname: string,
    _options: unknown,
    callback: (error: null, found: LookupAddress[]) => void,
  ) => {
    asked.push(hostname);
    const found: LookupAddress[] = addresses.map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
    callback(null, found);
  }) as unknown as typeof dnsLookup;
  return { lookup, asked };
};

describe('fetching a key set by host name', () => {
  it('should check the addresses DNS gives when connecting, and never connect to a refused one', async () => {
    for (const addresses of [['127.0.0.1'], ['::1'], ['203.0.114.1', '127.0.0.1']]) {
      const dns = answering(...addresses);
      await expect(
        fetchKeySet(`https://keys.example.com:${recorder.port}/jwks.json`, {
          allowHttpLoopback: false,
          lookup: dns.lookup,
        }),
      ).rejects.toThrow(
        'JWKS URL: keys.example.com resolves to a private or local address, not a public address.',
      );
      expect(dns.asked).toEqual(['keys.example.com']);
    }
    expect(recorder.connections()).toBe(0);
  });

  it('should not let local testing reach this machine through a host name over http', async () => {
    const dns = answering('127.0.0.1');
    await expect(
      fetchKeySet(`http://keys.example.com:${recorder.port}/jwks.json`, {
        allowHttpLoopback: true,
        lookup: dns.lookup,
      }),
    ).rejects.toThrow(/^JWKS URL: use https:\/\//);
    expect(dns.asked).toEqual([]);
    expect(recorder.connections()).toBe(0);
  });
});
