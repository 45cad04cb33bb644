import { startEmulator } from '@ptd/emulator';

/**
 * The nanoStream Cloud emulator as a process of its own (started by emulator-process.ts), so
 * that BFF processes in a test share one upstream as replicas share the real one.
 */
const dataDir = process.env.EMULATOR_DATA_DIR;
if (!dataDir) throw new Error('EMULATOR_DATA_DIR is required');
// Each answer this late (the token service a network away), when the test asks for it.
const latencyMs = Number(process.env.EMULATOR_LATENCY_MS ?? 0);
const emulator = await startEmulator({
  dataDir,
  host: '127.0.0.1',
  port: 0,
  logger: false,
  latencyMs,
});
process.stdout.write(`emulator listening on ${emulator.url}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void emulator.close().finally(() => process.exit(0)));
}
