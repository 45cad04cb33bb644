import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH_HEADER_APIKEY, AUTH_HEADER_TOKEN } from '@ptd/contracts';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { SEED, startEmulator } from '../src/index.ts';
import type { RunningEmulator } from '../src/index.ts';

/** A fixed "now" (2026-01-15T12:00:00Z) so every time assertion is exact to the second. */
export const T0_MS = Date.UTC(2026, 0, 15, 12, 0, 0);
export const T0 = T0_MS / 1000;
export const DAY = 24 * 60 * 60;

export const A = SEED.credentials.demoEvents;
export const B = SEED.credentials.partnerMedia;
export const C = SEED.credentials.starterOrg;
export const apiKey = (value: string) => ({ [AUTH_HEADER_APIKEY]: value });
export const bintuToken = (value: string) => ({ [AUTH_HEADER_TOKEN]: value });

export interface TestEmulator {
  url: string;
  dataDir: string;
  /** Move time with `clock.ms = …`; the emulator reads it on every decision. */
  clock: { ms: number };
  emulator: RunningEmulator;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestEmulator(dataDir?: string): Promise<TestEmulator> {
  const handle = {} as TestEmulator;
  await openTestEmulator(handle, dataDir);
  return handle;
}

/**
 * One emulator for the file (or describe block), started in `beforeAll` and closed in
 * `afterAll`; its clock is back at T0 after every test. The handle can be named at module level:
 * it is filled in place when the hook runs.
 */
export function useTestEmulator(): TestEmulator {
  const handle = {} as TestEmulator;
  beforeAll(() => openTestEmulator(handle));
  afterAll(() => handle.close?.());
  afterEach(() => {
    handle.clock.ms = T0_MS;
  });
  return handle;
}

async function openTestEmulator(handle: TestEmulator, dataDir?: string) {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'ptd-emulator-')));
  const clock = { ms: T0_MS };
  const start = () => startEmulator({ dataDir: dir, now: () => clock.ms });
  const emulator = await start();
  Object.assign(handle, {
    url: emulator.url,
    dataDir: dir,
    clock,
    emulator,
    async restart() {
      await handle.emulator.close();
      handle.emulator = await start();
      handle.url = handle.emulator.url;
    },
    async close() {
      await handle.emulator.close();
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
  } satisfies TestEmulator);
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

export async function call(
  emu: TestEmulator,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<JsonResponse> {
  const hasBody = options.body !== undefined || options.raw !== undefined;
  const res = await fetch(emu.url + path, {
    method,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(hasBody ? { body: options.raw ?? JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

/** Creates a playback token through the API and fails loudly when that is refused. */
export async function createToken(
  emu: TestEmulator,
  body: Record<string, unknown>,
  headers: Record<string, string> = apiKey(A.apiKey),
): Promise<string> {
  const res = await call(emu, 'POST', '/api/v1/splay', { body, headers });
  if (res.status !== 200) throw new Error(`token creation failed: ${res.status} ${res.text}`);
  return (res.body as { data: { token: string } }).data.token;
}

export const nanoError = (errorCode: number, message: string | RegExp) => ({
  success: false,
  errorCode,
  message: typeof message === 'string' ? message : expect.stringMatching(message),
});
