import { startEmulator } from '@ptd/emulator';

/**
 * The nanoStream Cloud emulator as a standalone process for the bench: like
 * `pnpm --filter @ptd/emulator start`, but without request logging (which would only add
 * noise on the load generator's core).
 */
const port = Number(process.env.EMULATOR_PORT ?? 0);
const dataDir = process.env.EMULATOR_DATA_DIR;
if (!dataDir) throw new Error('EMULATOR_DATA_DIR is required');
// EMULATOR_LATENCY_MS: the token service that far away (the bench's distance part).
const latencyMs = Number(process.env.EMULATOR_LATENCY_MS ?? 0);
const emulator = await startEmulator({
  dataDir,
  host: '127.0.0.1',
  port,
  logger: false,
  latencyMs,
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void emulator.close().finally(() => process.exit(0)));
}
