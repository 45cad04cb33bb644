import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Client } from './client.ts';

/** The BFF's origin in these tests (PUBLIC_ORIGIN): the provider's registered redirect. */
export const DASHBOARD_ORIGIN = 'http://127.0.0.1:3999';
export const CALLBACK_URL = `${DASHBOARD_ORIGIN}/api/session/sso/callback`;

/** A browser at the provider: its cookies, following its redirects by hand. */
class ProviderBrowser {
  private readonly cookies = new Map<string, string>();

  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      body,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
    return response;
  }

  /** Follows redirects at the provider until one leaves it (answers that Location). */
  async follow(
    url: string,
    providerOrigin: string,
    init?: { method?: string; form?: Record<string, string> },
  ) {
    let response = await this.go(url, init);
    let location = url;
    for (let hops = 0; hops < 10; hops += 1) {
      const next = response.headers.get('location');
      if (!next) return { response, location };
      location = new URL(next, location).href;
      if (!location.startsWith(providerOrigin)) return { response, location };
      response = await this.go(location);
    }
    throw new Error('too many redirects at the provider');
  }
}

export interface SsoAttempt {
  /** The dashboard's browser (cookies from the dashboard only). */
  client: Client;
  /** The transaction cookie set by `…/sso/start`, as the browser would send it back. */
  transactionCookie: string | undefined;
  /** The cookie that says a confirmation was begun in a popup, as the browser would send it. */
  popupCookie?: string | undefined;
  /** Where the provider sent the browser back to (the callback, with code and state). */
  callbackUrl: string;
  browser: ProviderBrowser;
}

function cookieHeader(response: LightMyRequestResponse, name: string) {
  const cookie = response.cookies.find((c) => c.name === name);
  return cookie ? `${cookie.name}=${encodeURIComponent(cookie.value)}` : undefined;
}

/**
 * "Sign in with …" up to the provider's redirect back: start at the BFF, the provider's sign-in
 * page, its login form posted with `login` and `password`. The callback is not called yet.
 */
export async function signInAtProvider(
  app: FastifyInstance,
  issuer: string,
  user: { login: string; password: string },
  client = new Client(app),
): Promise<SsoAttempt> {
  const start = await client.get('/api/session/sso/start?returnTo=/tokens');
  if (start.statusCode !== 303) throw new Error(`start answered ${start.statusCode}`);
  const browser = new ProviderBrowser();
  const atLogin = await browser.follow(start.headers.location as string, issuer);
  const page = await atLogin.response.text();
  const action = /action="([^"]+)"/.exec(page)?.[1];
  if (!action) throw new Error(`no login form at ${atLogin.location}: ${page.slice(0, 200)}`);
  const back = await browser.follow(new URL(action, issuer).href, issuer, {
    method: 'POST',
    form: { login: user.login, password: user.password },
  });
  return {
    client,
    transactionCookie: cookieHeader(start, 'ptd_sso'),
    callbackUrl: back.location,
    browser,
  };
}

/**
 * "Confirm it's you" for a signed-in `attempt.client`, at the same provider browser (which
 * still holds its sign-in there): up to the provider's redirect back, not called yet. Answers
 * the provider's first URL too, and whether it asked for the password again.
 */
export async function confirmAtProvider(
  attempt: SsoAttempt,
  issuer: string,
  user: { login: string; password: string },
  returnTo = '/staff',
  /** Begun in a window the dashboard opened (`popup=1`). */
  popup = false,
): Promise<SsoAttempt & { authorizeUrl: URL; askedAgain: boolean }> {
  const { client, browser } = attempt;
  const start = await client.get(
    `/api/session/sso/confirm?returnTo=${encodeURIComponent(returnTo)}${popup ? '&popup=1' : ''}`,
  );
  if (start.statusCode !== 303) throw new Error(`confirm answered ${start.statusCode}`);
  const authorizeUrl = new URL(start.headers.location as string);
  const atLogin = await browser.follow(authorizeUrl.href, issuer);
  const page = await atLogin.response.text();
  const action = /action="([^"]+)"/.exec(page)?.[1];
  const back = action
    ? await browser.follow(new URL(action, issuer).href, issuer, {
        method: 'POST',
        form: { login: user.login, password: user.password },
      })
    : atLogin;
  return {
    client,
    browser,
    transactionCookie: cookieHeader(start, 'ptd_sso'),
    popupCookie: cookieHeader(start, 'ptd_sso_popup'),
    callbackUrl: back.location,
    authorizeUrl,
    askedAgain: action !== undefined,
  };
}

/**
 * The provider's redirect back, as the browser makes it (no SameSite=Strict session cookie),
 * with the transaction cookie (none: '') and the popup's, if any.
 */
export async function callBack(attempt: SsoAttempt, transactionCookie = attempt.transactionCookie) {
  const url = new URL(attempt.callbackUrl);
  const cookie = [transactionCookie, attempt.popupCookie].filter(Boolean).join('; ');
  const response = await attempt.client.app.inject({
    method: 'GET',
    url: url.pathname + url.search,
    headers: cookie ? { cookie } : {},
  });
  const session = response.cookies.find((c) => c.name.endsWith('ptd_session'));
  if (session && session.value !== '') {
    attempt.client.cookie = `${session.name}=${encodeURIComponent(session.value)}`;
  }
  return response;
}

/** The whole sign-in; answers the callback's response. */
export async function ssoSignIn(
  app: FastifyInstance,
  issuer: string,
  user: { login: string; password: string },
) {
  const attempt = await signInAtProvider(app, issuer, user);
  const response = await callBack(attempt);
  return { ...attempt, response };
}
