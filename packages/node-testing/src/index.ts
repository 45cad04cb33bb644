/*
 * Node-only helpers for the BFF's tests, the browser tests and the benchmarks: never part of
 * what ships, and never imported by the SPA or the contracts (which run in browsers too).
 */
export { freePort, refusedUrl } from './free-port.ts';
export { TOTP_STEP_MS, totpCode } from './totp.ts';
