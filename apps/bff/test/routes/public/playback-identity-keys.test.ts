import type { PlaybackPolicy } from '@ptd/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../helpers/app.ts';
import { staffClient } from '../../helpers/client.ts';
import { identityClaims, startSiteKeys, type SiteKeys } from '../../helpers/identity.ts';
import { startConnectionRecorder, type ConnectionRecorder } from '../../helpers/jwks-server.ts';
import { createPolicy, requestToken } from '../../helpers/policies.ts';
import { useTestApp } from '../../helpers/fixture.ts';

/**
 * Anonymous viewers must not be able to make the BFF fetch a site's keys at will: keys are
 * cached, and refreshed at most once per URL per cooldown (30 s), however many requests ask.
 */

const COOLDOWN_MS = 30_000;

const {
  t,
  emulator,
  clients: { editor },
} = useTestApp({
  env: { IDENTITY_JWKS_ALLOW_HTTP_LOOPBACK: 'true' },
  clients: { editor: 'editor' },
});

let site: SiteKeys;
let policy: PlaybackPolicy;
beforeEach(async () => {
  site = await startSiteKeys();
  // The tests move the clock past cooldowns, and so past REAUTH_MINUTES since signing in.
  await editor.confirm();
  policy = await createPolicy(editor, { identity: { mode: 'jwks', jwksUrl: site.url } });
  return () => site.close();
});

/** A fresh identity by the app's clock, which the tests move past cooldowns. */
const claims = () => {
  const now = Math.floor(t.clock.now() / 1000);
  return identityClaims({ iat: now, exp: now + 300 });
};

const ask = (identity: string) =>
  requestToken(t.app, { policy: policy.id, headers: { authorization: `Bearer ${identity}` } });

const burst = async (count: number, identity: (i: number) => Promise<string>) => {
  const identities = await Promise.all(Array.from({ length: count }, (_, i) => identity(i)));
  return Promise.all(identities.map(ask));
};

describe('identity key fetches driven by viewers', () => {
  it('should verify with the keys loaded when the policy was saved, without fetching again', async () => {
    expect(site.requests()).toBe(1);
    expect((await ask(await site.sign(claims()))).statusCode).toBe(200);
    expect(site.requests()).toBe(1);
  });

  it('should refetch at most once for 50 requests with unknown key ids within the cooldown', async () => {
    t.clock.advance(COOLDOWN_MS + 1000);
    const answers = await burst(50, (i) => site.sign(claims(), undefined, `unknown-${i}`));
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(50).fill(401));
    expect(site.requests()).toBe(2);
    const again = await burst(50, (i) => site.sign(claims(), undefined, `other-${i}`));
    expect(again.every((answer) => answer.statusCode === 401)).toBe(true);
    expect(site.requests()).toBe(2);
  });

  it('should fetch at most once per cooldown while the site’s key set fails', async () => {
    site.server.fail('status-500');
    t.clock.advance(COOLDOWN_MS + 1000);
    const answers = await burst(50, (i) => site.sign(claims(), undefined, `new-${i}`));
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(50).fill(502));
    expect(answers[0]?.json().code).toBe('identity-unavailable');
    expect(site.requests()).toBe(2);
    await burst(10, (i) => site.sign(claims(), undefined, `newer-${i}`));
    expect(site.requests()).toBe(2);
  });

  it('should pick up a rotated key once the cooldown has passed', async () => {
    site.server.publish({ keys: [site.jwk, { ...site.jwk, kid: 'site-key-2' }] });
    const rotated = () => site.sign(claims(), undefined, 'site-key-2');
    expect((await ask(await rotated())).statusCode).toBe(401);
    t.clock.advance(COOLDOWN_MS + 1000);
    expect((await ask(await rotated())).statusCode).toBe(200);
    expect(site.requests()).toBe(2);
  });

  it('should keep verifying with the cached keys when a refresh after their lifetime fails', async () => {
    site.server.fail('status-500');
    t.clock.advance(11 * 60_000);
    expect((await ask(await site.sign(claims()))).statusCode).toBe(200);
    expect(site.requests()).toBe(2);
  });
});

describe('a key URL saved before these checks', () => {
  it('should be refused when a viewer asks, without contacting it', async () => {
    const recorder: ConnectionRecorder = await startConnectionRecorder();
    try {
      const strict = await createTestApp({ upstreamUrl: emulator.url });
      try {
        const old = await createPolicy(await staffClient(strict.app, 'editor'));
        // As an older release stored it: no check on save.
        await strict.app.repos.policies.update(old.id, {
          identity_mode: 'jwks',
          identity_jwks_url: `http://127.0.0.1:${recorder.port}/jwks.json`,
        });
        const response = await requestToken(strict.app, {
          policy: old.id,
          headers: { authorization: `Bearer ${await site.sign(claims())}` },
        });
        expect(response.statusCode).toBe(502);
        expect(response.json().code).toBe('identity-unavailable');
        expect(recorder.connections()).toBe(0);
        expect(strict.rawLogs()).toMatch(/identity keys refused/);
      } finally {
        await strict.close();
      }
    } finally {
      await recorder.close();
    }
  });
});
