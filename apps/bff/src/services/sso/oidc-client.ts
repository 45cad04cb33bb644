import * as client from 'openid-client';
import { boundedFetch } from './bounded-fetch.ts';
import type { SsoConfig } from './sso-config.ts';

/** How long the provider may take to answer one request (discovery, token, keys). */
const PROVIDER_TIMEOUT_SECONDS = 5;
/**
 * How far the provider's clock may be from ours: an ID token not yet valid (`nbf`), expired
 * (`exp`) or issued (`iat`) more than this beyond now is refused.
 */
export const CLOCK_TOLERANCE_SECONDS = 30;
/** Metadata is read again after this, so a provider's changed endpoints are picked up. */
const METADATA_MAX_AGE_MS = 60 * 60_000;

/** What the dashboard keeps between sending someone to the provider and their return. */
export interface SsoTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  returnTo: string;
  startedAt: number;
  /**
   * Confirming it's still the person on a signed-in session (decision 022) rather than a
   * sign-in: the provider is asked for a fresh sign-in, and the answer must name this account.
   */
  confirm?: {
    sessionId: string;
    staffId: string;
    /** Begun in a window the dashboard opened: the outcome goes back to its opener. */
    popup?: true;
  };
}

const isLoopback = (url: URL) =>
  url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';

/**
 * The OpenID provider as openid-client sees it: discovery (cached; a failure is not cached,
 * so the next sign-in tries again), the authorization URL with PKCE, state and nonce, and the
 * code exchange with every ID token check the library makes (iss, aud, exp, nonce), the
 * signature against the provider's keys included.
 */
export class OidcClient {
  #configuration: { at: number; value: Promise<client.Configuration> } | undefined;

  /**
   * `signInMaxAgeSeconds`: sent as `max_age` with a sign-in (the session's absolute lifetime),
   * so that the ID token says when the provider signed the person in (`auth_time` is required
   * then, OpenID Connect Core 3.1.2.1); a sign-in there older than that is asked again.
   */
  constructor(
    private readonly sso: SsoConfig,
    private readonly now: () => number = Date.now,
    private readonly signInMaxAgeSeconds?: number,
  ) {}

  configuration(): Promise<client.Configuration> {
    const cached = this.#configuration;
    if (cached && this.now() - cached.at < METADATA_MAX_AGE_MS) return cached.value;
    const value = client.discovery(
      this.sso.issuer,
      this.sso.clientId,
      {
        client_secret: this.sso.clientSecret.reveal(),
        [client.clockTolerance]: CLOCK_TOLERANCE_SECONDS,
      },
      undefined,
      {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        // Every answer, discovery's included, is read up to MAX_PROVIDER_ANSWER_BYTES only.
        [client.customFetch]: boundedFetch,
        // Plain http only to this machine: a provider run locally for a demo or a test.
        execute: isLoopback(this.sso.issuer) ? [client.allowInsecureRequests] : [],
      },
    );
    const entry = { at: this.now(), value };
    this.#configuration = entry;
    value.then(
      (configuration) => {
        configuration.timeout = PROVIDER_TIMEOUT_SECONDS;
        // openid-client trusts an ID token from the token endpoint on TLS alone (OpenID Connect
        // Core allows it); this checks its signature against the provider's keys as well
        // (jwks_uri, fetched again for a key id it does not know yet), and refuses HS* tokens.
        client.enableNonRepudiationChecks(configuration);
      },
      () => {
        if (this.#configuration === entry) this.#configuration = undefined;
      },
    );
    return value;
  }

  /**
   * A new transaction and the provider's URL to send the browser to. With `confirm`, the
   * provider is asked to sign the person in afresh (`prompt=login`, `max_age=0`), whatever
   * session it holds; without, for when it signed them in (`max_age`, see the constructor).
   */
  async begin(redirectUri: string, returnTo: string, confirm?: SsoTransaction['confirm']) {
    const configuration = await this.configuration();
    const transaction: SsoTransaction = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      redirectUri,
      returnTo,
      startedAt: this.now(),
      ...(confirm ? { confirm } : {}),
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: this.sso.scopes,
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(transaction.codeVerifier),
      code_challenge_method: 'S256',
      ...(confirm
        ? { prompt: 'login', max_age: '0' }
        : this.signInMaxAgeSeconds === undefined
          ? {}
          : { max_age: String(this.signInMaxAgeSeconds) }),
    });
    return { transaction, url };
  }

  /** Redeems the code of `callbackUrl` and answers the validated ID token's claims. */
  async finish(callbackUrl: URL, transaction: SsoTransaction) {
    const configuration = await this.configuration();
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: transaction.codeVerifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
      // A confirmation wants `auth_time`, and no older than the clock tolerance: a sign-in
      // the provider remembered from before is no proof now. A sign-in is not checked here
      // (the library would refuse one without `auth_time`, which some providers leave out
      // even when asked): without it, the sign-in counts as no proof (decision 022).
      ...(transaction.confirm ? { maxAge: 0 } : {}),
    });
    const claims = tokens.claims();
    if (!claims) throw new client.ClientError('the provider sent no ID token');
    // The library checks nbf and exp against the clock, iat only for its type: a token issued
    // in the future was made by a wrong clock or made ahead for later use.
    if (claims.iat > this.now() / 1000 + CLOCK_TOLERANCE_SECONDS) {
      throw Object.assign(new client.ClientError('the ID token was issued in the future'), {
        code: 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
      });
    }
    return claims;
  }

  /** RP-initiated logout at the provider, when it offers one; back to `returnTo` after. */
  async endSessionUrl(returnTo: string): Promise<URL | undefined> {
    const configuration = await this.configuration();
    if (!configuration.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(configuration, {
      client_id: this.sso.clientId,
      post_logout_redirect_uri: returnTo,
    });
  }
}
