import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DEFAULT_ADMIN_EMAIL } from './services/bootstrap-admin.ts';
import { DRAIN_MS } from './plugins/drain.ts';
import { ensureLocalDemoPolicy, localOrigins } from './services/local-demo-policy.ts';

/**
 * Entry point: parse config, build, listen, print how to sign in, close cleanly on signals.
 * The generated first-admin password goes to stdout in the banner only, never to the JSON
 * log stream, which may be shipped elsewhere.
 */
let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const app = await buildApp(config);
try {
  await app.listen({ host: config.host, port: config.port });
} catch (error) {
  app.log.error({ err: error }, `cannot listen on ${config.host}:${config.port}`);
  // Also stops the embedded emulator and closes the database.
  await app.close();
  process.exit(1);
}

const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const host = config.host.includes(':') ? `[${config.host}]` : config.host;
const url = `http://${host}:${port}`;
const { adminBootstrap: admin, upstreamInfo: upstream } = app;
// Only now is the port known, and with it the origin the example viewer page is served from.
const demo = await ensureLocalDemoPolicy(
  app,
  localOrigins(config.host, port, config.publicOrigin),
).catch((error: unknown) => {
  app.log.warn({ err: error }, 'the local demo policy could not be set up');
  return 'not-embedded' as const;
});

const lines = [
  '',
  `Playback token dashboard listening on ${url}`,
  upstream.mode === 'embedded'
    ? `Upstream: embedded nanoStream Cloud emulator at ${upstream.tokenApiUrl} (organisation "Demo Events")`
    : `Upstream: nanoStream Cloud, token service ${upstream.tokenApiUrl}, bintu ${upstream.bintuApiUrl}`,
];
if (config.apiDocs !== 'off') {
  lines.push(
    `API docs: ${url}/api/docs${config.apiDocs === 'staff' ? ' (for signed-in staff)' : ''}`,
  );
}
// Asked at start; by now it has answered (or failed, then it is asked again later).
const role = await app.credentialRole();
if (role === 'nanoReadOnly') {
  lines.push(
    'Credential role: nanoReadOnly. Tokens can be listed and inspected but not created or revoked.',
  );
} else if (role !== null) {
  lines.push(`Credential role: ${role}`);
}
if (demo !== 'not-embedded') {
  // On localhost: the demo policy can list that origin, not an IP address.
  lines.push(
    `Example viewer page: http://localhost:${port}/examples/viewer (plays with the local demo policy)`,
  );
}
if (admin.generatedPassword) {
  lines.push(
    `Sign in as ${admin.email} with password: ${admin.generatedPassword.reveal()}`,
    'This password is shown once. Create your own accounts, or set ADMIN_EMAIL / ADMIN_PASSWORD.',
  );
} else if (admin.outcome === 'existing-staff') {
  // The password printed at the first start is kept nowhere: say how to get back in.
  lines.push(
    'Sign in with an existing staff account.',
    'Lost the password? Stop (Ctrl-C) and start with ADMIN_EMAIL and ADMIN_PASSWORD set, e.g.',
    `  ADMIN_EMAIL=${DEFAULT_ADMIN_EMAIL} ADMIN_PASSWORD='a long passphrase' pnpm start`,
    'That account becomes an admin with this password (it is created if it does not exist).',
  );
} else {
  lines.push(`Sign in as ${admin.email} with the password from ADMIN_PASSWORD.`);
  if (admin.singleSignOn) {
    lines.push(
      `${admin.email} is a single sign-on account: it is an admin and signs in with the password from ADMIN_PASSWORD too, until a start without ADMIN_EMAIL and ADMIN_PASSWORD removes that password.`,
    );
  }
  if (!config.passwordSignIn) {
    lines.push(
      'Password sign-in is off (PASSWORD_SIGN_IN=false): start with PASSWORD_SIGN_IN=true as well to sign in with this password.',
    );
  }
}
for (const email of admin.ssoPasswordsRemoved ?? []) {
  lines.push(
    `The password of single sign-on account ${email} (from ADMIN_PASSWORD) was removed: it signs in through the provider again.`,
  );
}
process.stdout.write(lines.join('\n') + '\n\n');

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Stop accepting, answer what was received (at most DRAIN_MS), write the viewer rows held
    // behind answers (at most their own 10 s), close the pool, the DB and the emulator.
    const force = setTimeout(() => process.exit(1), DRAIN_MS + 15_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
