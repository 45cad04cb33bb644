import type { AuditList, Session } from '@ptd/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { startBffProcess, type BffProcess } from '../helpers/bff-process.ts';
import { useTestDataDir } from '../helpers/data-dirs.ts';
import { http, signInWith } from '../helpers/http-session.ts';
import { ssoSignIn } from '../helpers/oidc-flow.ts';
import { startOidcProvider, type OidcTestProvider } from '../helpers/oidc-provider.ts';
import { dashboardClient, ssoEnv } from '../helpers/oidc-setup.ts';

const BREAK_GLASS = 'a break-glass passphrase for Ada';
/** The embedded upstream; ADMIN_* blank (unset) unless a start sets them. */
const EMBEDDED = {
  NANOSTREAM_TOKEN_API_URL: '',
  NANOSTREAM_BINTU_API_URL: '',
  NANOSTREAM_BINTU_TOKEN: '',
  ADMIN_EMAIL: '',
  ADMIN_PASSWORD: '',
};

const data = useTestDataDir('bff-break-glass-');
let provider: OidcTestProvider;
let running: BffProcess | undefined;

beforeAll(async () => {
  provider = await startOidcProvider({ clients: [dashboardClient] });
});
afterAll(async () => {
  await running?.kill('SIGTERM');
  await provider.close();
});

/** Starts the BFF process with single sign-on and `env`; answers its whole banner. */
async function start(env: Record<string, string>) {
  running = await startBffProcess({
    upstreamUrl: '',
    dataDir: data.dir,
    env: { ...EMBEDDED, ...ssoEnv(provider.issuer), ...env },
  });
  const bff = running;
  const deadline = Date.now() + 10_000;
  while (!/\n\n$/.test(bff.output().split('listening on')[1] ?? '') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { bff, banner: bff.output().slice(bff.output().indexOf('Playback token dashboard')) };
}

describe('ADMIN_EMAIL and ADMIN_PASSWORD naming a single sign-on account', () => {
  // Three starts of the BFF process, each seconds long on a busy machine.
  it('should let that account sign in with the password while they are set, and no longer after', async () => {
    // Ada's account is made by her first sign-in through the provider.
    const first = await createTestApp({
      dataDir: data.dir,
      keepDataDir: true,
      env: { ...ssoEnv(provider.issuer), ADMIN_EMAIL: '', ADMIN_PASSWORD: '' },
    });
    const ada = provider.users.find((u) => u.login === 'ada')!;
    const signedIn = await ssoSignIn(first.app, provider.issuer, ada);
    expect(signedIn.response.headers.location).toBe('/tokens');
    await first.close();

    // The provider is broken: the operator starts with the break-glass pair.
    // Two-factor for admins is the provider's for Ada: no enrolment here stands in the way.
    const broken = await start({
      ADMIN_EMAIL: ada.email,
      ADMIN_PASSWORD: BREAK_GLASS,
      TWO_FACTOR_REQUIRED: 'admins',
    });
    expect(broken.banner).toContain(
      `${ada.email} is a single sign-on account: it is an admin and signs in with the password from ADMIN_PASSWORD too, until a start without ADMIN_EMAIL and ADMIN_PASSWORD removes that password.`,
    );
    const { session, answer } = await signInWith(broken.bff.url, ada.email, BREAK_GLASS);
    expect((answer.body as unknown as Session).user).toMatchObject({
      email: ada.email,
      role: 'admin',
    });
    const audit = await http<AuditList>(broken.bff.url, session, 'GET', '/api/audit');
    const actions = audit.body.items.map((e) => [e.action, e.details]);
    expect(actions).toContainEqual([
      'session.sign-in',
      expect.objectContaining({ method: 'password', breakGlass: true }),
    ]);
    expect(actions).toContainEqual([
      'staff.update',
      expect.objectContaining({ source: 'ADMIN_EMAIL', reset: true, breakGlass: true }),
    ]);
    await broken.bff.kill('SIGTERM');

    // The provider works again: a start without the pair takes the password away.
    const mended = await start({});
    expect(mended.banner).toContain(
      `The password of single sign-on account ${ada.email} (from ADMIN_PASSWORD) was removed: it signs in through the provider again.`,
    );
    const refused = await http(mended.bff.url, null, 'POST', '/api/session', {
      email: ada.email,
      password: BREAK_GLASS,
    });
    expect(refused.status).toBe(401);
    await mended.bff.kill('SIGTERM');
  }, 60_000);
});
