import { resolve } from 'node:path';
import { EMBED_PATH } from '@ptd/contracts';
import { SEED, startEmulator } from './index.ts';

/** CLI: `pnpm --filter @ptd/emulator start`. Configuration by environment only. */
const port = Number(process.env.EMULATOR_PORT ?? 4000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`EMULATOR_PORT must be a port number, got "${process.env.EMULATOR_PORT}"`);
  process.exit(1);
}
const host = process.env.EMULATOR_HOST ?? '127.0.0.1';
const dataDir = resolve(process.env.EMULATOR_DATA_DIR ?? './.data/emulator');
const latencyMs = Number(process.env.EMULATOR_LATENCY_MS ?? 0);
if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 60_000) {
  console.error(
    `EMULATOR_LATENCY_MS must be milliseconds (0-60000), got "${process.env.EMULATOR_LATENCY_MS}"`,
  );
  process.exit(1);
}

const emulator = await startEmulator({ dataDir, host, port, logger: true, latencyMs });

const { demoEvents, partnerMedia, starterOrg } = SEED.credentials;
const orgs = SEED.organisations;
console.info(
  [
    '',
    `nanoStream Cloud emulator listening on ${emulator.url}`,
    `data dir: ${dataDir}`,
    `token service: ${emulator.url}/api/v1/splay   JWKS: ${emulator.url}/.well-known/jwks.json`,
    `player page:   ${emulator.url}${EMBED_PATH}?group.id=${SEED.abrGroupId}&group.security.jwtoken=<JWT>`,
    '',
    'Seeded credentials (X-BINTU-APIKEY / X-BINTU-TOKEN):',
    `  ${orgs.demoEvents.name} (${orgs.demoEvents.id}, secure)`,
    `    api key        ${demoEvents.apiKey}`,
    `    admin token    ${demoEvents.adminToken}`,
    `    user token     ${demoEvents.userToken}`,
    `    readonly token ${demoEvents.readonlyToken}`,
    `  ${orgs.partnerMedia.name} (${orgs.partnerMedia.id}, secure)`,
    `    api key        ${partnerMedia.apiKey}`,
    `    admin token    ${partnerMedia.adminToken}`,
    `  ${orgs.starterOrg.name} (${orgs.starterOrg.id}, no secure package)`,
    `    api key        ${starterOrg.apiKey}`,
    '',
  ].join('\n'),
);

// Close cleanly so pending revocation writes reach the disk.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
