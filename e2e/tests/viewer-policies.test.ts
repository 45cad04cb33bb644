import {
  buildPlayoutUrl,
  type PlaybackPolicy,
  type Session,
  type StreamList,
} from '@ptd/contracts';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { newPage } from '../src/browser.ts';
import { freePort } from '@ptd/node-testing';
import { freshDataDir, startBff, type Running } from '../src/processes.ts';
import { appUrl } from '../src/app-url.ts';

/**
 * A customer's page on an allowed site gets a viewer token from the dashboard and plays; the
 * same page on another site is refused; a token bound to one viewer IP does not play for
 * another. The "customer site" is a host name Chromium resolves to this machine, so the
 * dashboard serves both it and a second, different origin (http://127.0.0.1:PORT).
 */

const SITE = 'viewer.example.test';
/** Another customer site the policy allows, and one it does not. */
const SHOP = 'shop.example.test';
const OTHER = 'other.example.test';
const CUP_FINAL = 'DmEvt-CupFn';

/** A staff API client for one running app: session cookie plus CSRF token. */
async function signIn(baseUrl: string) {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${await response.text()}`);
  // The session cookie (sign-in also sets a device cookie).
  const cookie =
    response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0] ?? '')
      .find((pair) => /^(__Host-)?ptd_session=/.test(pair)) ?? '';
  const session = (await response.json()) as Session;
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const answer = await fetch(`${baseUrl}/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        cookie,
        'x-csrf-token': session.csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!answer.ok) throw new Error(`${path} answered ${answer.status}: ${await answer.text()}`);
    return (await answer.json()) as T;
  };
  return { session, call };
}

/**
 * A policy for the Cup final's stream group, for the viewer page on SITE (served by this app)
 * and a page on SHOP (served by the emulator): allowed sites are exact origins, ports included.
 */
async function cupFinalPolicy(baseUrl: string) {
  const { session, call } = await signIn(baseUrl);
  const streams = await call<StreamList>(`/streams?search=${CUP_FINAL}`);
  const groupId = streams.items.find((stream) => stream.name === CUP_FINAL)?.groupId;
  if (!groupId) throw new Error('the seeded Cup final stream is missing');
  const emulatorPort = new URL(session.player.embedUrl).port;
  const policy = await call<PlaybackPolicy>('/policies', {
    name: 'Cup final on the viewer site',
    target: { type: 'group', groupId },
    allowedOrigins: [`http://${SITE}:${new URL(baseUrl).port}`, `http://${SHOP}:${emulatorPort}`],
    lifetimeMinutes: 5,
  });
  return { policy, groupId, session };
}

async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      // The customer's site: a real host name (the policy rules want one) on this machine.
      `--host-resolver-rules=MAP *.example.test 127.0.0.1`,
      '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable',
    ],
  });
}

/** The verdict of the emulator's player page inside the viewer page's iframe. */
async function playerVerdict(page: Page) {
  const frame = page.frameLocator('#player');
  const root = frame.locator('html[data-verdict]');
  await root.waitFor({ state: 'attached' });
  return {
    verdict: await root.getAttribute('data-verdict'),
    reason: await root.getAttribute('data-reason'),
  };
}

const baseUrl = appUrl();
const port = new URL(baseUrl).port;
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('example viewer page with a playback policy', () => {
  let policy: PlaybackPolicy;
  let groupId: string;
  let session: Session;

  beforeAll(async () => {
    ({ policy, groupId, session } = await cupFinalPolicy(baseUrl));
  });

  it('should get a viewer token on the allowed site and play', async () => {
    const { page, context } = await newPage(browser, baseUrl, 'viewer-allowed-site');
    try {
      await page.goto(`http://${SITE}:${port}/examples/viewer?policy=${policy.id}`);
      await page.locator('main[data-state="playing"]').waitFor();
      expect(await page.getByRole('status').textContent()).toMatch(
        /^Playing with a token valid until/,
      );
      expect(await playerVerdict(page)).toEqual({ verdict: 'allowed', reason: null });
      const frameUrl = new URL((await page.locator('#player').getAttribute('src')) ?? '');
      expect(frameUrl.searchParams.get('group.id')).toBe(groupId);
    } finally {
      await context.close();
    }
  });

  it('should refuse the same page served from another origin', async () => {
    const { page, context } = await newPage(browser, baseUrl, 'viewer-other-origin');
    try {
      await page.goto(`http://127.0.0.1:${port}/examples/viewer?policy=${policy.id}`);
      await page.locator('main[data-state="refused"]').waitFor();
      expect(await page.locator('main').getAttribute('data-error')).toBe('origin-not-allowed');
      expect(await page.getByRole('alert').textContent()).toBe(
        `No playback: Pages on http://127.0.0.1:${port} may not request playback tokens for this stream. (origin-not-allowed)`,
      );
      expect(await page.locator('#player').getAttribute('src')).toBeNull();
    } finally {
      await context.close();
    }
  });
  it('should let only the policy’s sites read a token across origins (CORS preflight)', async () => {
    // Pages of other sites: the emulator's health answer, served under each site's name.
    const emulatorPort = new URL(session.player.embedUrl).port;
    const { page, context } = await newPage(browser, baseUrl, 'viewer-cors');
    const askFrom = async (host: string) => {
      await page.goto(`http://${host}:${emulatorPort}/healthz`);
      return page.evaluate(
        async ({ endpoint, id }) => {
          try {
            const response = await fetch(endpoint, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ policy: id }),
            });
            const body = (await response.json()) as { jwtoken?: string };
            return { status: response.status, token: typeof body.jwtoken === 'string' };
          } catch (error) {
            return { failed: (error as Error).name };
          }
        },
        { endpoint: `http://${SITE}:${port}/playback-token`, id: policy.id },
      );
    };
    try {
      expect(await askFrom(SHOP)).toEqual({ status: 200, token: true });
      // The browser refuses to hand the answer to a site the policy does not list.
      expect(await askFrom(OTHER)).toEqual({ failed: 'TypeError' });
    } finally {
      await context.close();
    }
  });
});

describe('a token bound to one viewer IP', () => {
  let proxied: Running;
  let proxiedUrl: string;

  beforeAll(async () => {
    // A second app that trusts a proxy on loopback: it binds the address in X-Forwarded-For.
    const proxiedPort = await freePort();
    proxied = await startBff(
      {
        PORT: String(proxiedPort),
        HOST: '127.0.0.1',
        DATA_DIR: freshDataDir(),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        TRUST_PROXY: 'loopback',
      },
      proxiedPort,
      '/readyz',
    );
    proxiedUrl = proxied.url;
  });
  afterAll(async () => {
    await proxied?.stop();
  });

  it('should be denied by the player page for a viewer at another IP', async () => {
    const { policy, groupId, session } = await cupFinalPolicy(proxiedUrl);
    const sitePage = `http://${SITE}:${new URL(proxiedUrl).port}`;
    /** What a reverse proxy in front of the dashboard forwards for a viewer at `viewerIp`. */
    const tokenFor = async (viewerIp: string) => {
      const response = await fetch(`${proxiedUrl}/playback-token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: sitePage,
          'x-forwarded-for': viewerIp,
        },
        body: JSON.stringify({ policy: policy.id }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { jwtoken: string }).jwtoken;
    };
    const open = async (page: Page, token: string) => {
      const url = buildPlayoutUrl({ groupId, token }, session.player);
      await page.goto(url, { referer: `${sitePage}/` });
      const root = page.locator('html[data-verdict]');
      return {
        verdict: await root.getAttribute('data-verdict'),
        reason: await root.getAttribute('data-reason'),
      };
    };

    const { page, context } = await newPage(browser, proxiedUrl, 'viewer-other-ip');
    try {
      // The browser connects from 127.0.0.1: a token for that address plays…
      expect(await open(page, await tokenFor('127.0.0.1'))).toEqual({
        verdict: 'allowed',
        reason: null,
      });
      // …one minted for another viewer's address does not.
      expect(await open(page, await tokenFor('198.51.100.23'))).toEqual({
        verdict: 'denied',
        reason: 'ip-mismatch',
      });
      expect(await page.locator('body').textContent()).toContain(
        'The playback token is bound to a different client IP address.',
      );
    } finally {
      await context.close();
    }
  });
});
