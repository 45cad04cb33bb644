import type {
  Claimed,
  SignInThrottleRepository,
  WaitSchedule,
} from '../db/repositories/sign-in-throttle.ts';
import { limitKeyOf } from '../lib/limit-key.ts';

export interface ThrottleSettings {
  /** Failures of one account from one address (or one known device) before waits start. */
  freePerAccountAndAddress: number;
  /** Failures from one address, across accounts. */
  freePerAddress: number;
  /** Failures of one account from clients without its device cookie, from anywhere. */
  freePerAccount: number;
  maxWaitMs: number;
}

export interface SignInAttempt {
  email: string;
  ip: string;
  /** Set when the browser holds a valid device cookie for this email. */
  deviceId: string | undefined;
}

/** The attempt may check its password; its counts are already raised (see `succeeded`). */
export interface Claim {
  attempt: SignInAttempt;
  held: Array<{ key: string; claimed: Claimed }>;
}

const FIRST_WAIT_MS = 1000;
/** Longer than any wait, so an attacker at the cap never finds the count forgotten. */
export const FORGET_AFTER_MS = 24 * 3_600_000;

/** After `free` failures, each one more doubles the wait: 1 s, 2 s, 4 s … up to the cap. */
export function waitAfter(failures: number, free: number, maxWaitMs: number): number {
  if (failures <= free) return 0;
  return Math.min(maxWaitMs, FIRST_WAIT_MS * 2 ** Math.min(failures - free - 1, 40));
}

function schedule(free: number, maxWaitMs: number): WaitSchedule {
  const steps: number[] = [];
  for (let wait = FIRST_WAIT_MS; wait < maxWaitMs; wait *= 2) steps.push(wait);
  return { free, steps, max: maxWaitMs };
}

const key = (...parts: string[]) => JSON.stringify(parts);

/**
 * Sign-in throttling that slows guessing without letting anyone lock an account (OWASP:
 * throttle, don't lock; device cookies). A browser with the account's device cookie is
 * counted on its own: only its own failures make it wait. Every other attempt is counted per
 * account and address, per address, and per account; the account count takes only attempts
 * from addresses still within their free ones, so it catches guessing spread over many
 * addresses without one noisy address slowing the owner's other browsers.
 *
 * An attempt is counted before its password is checked (and taken back if it was right), so
 * parallel attempts cannot all pass through one opening.
 */
export class SignInThrottle {
  private readonly schedules;

  constructor(
    private readonly repo: SignInThrottleRepository,
    settings: ThrottleSettings,
    private readonly now: () => number,
  ) {
    const { maxWaitMs } = settings;
    this.schedules = {
      pair: schedule(settings.freePerAccountAndAddress, maxWaitMs),
      address: schedule(settings.freePerAddress, maxWaitMs),
      account: schedule(settings.freePerAccount, maxWaitMs),
    };
  }

  private keys({ email, ip, deviceId }: SignInAttempt) {
    if (deviceId !== undefined) return { pair: key('device', email, deviceId) };
    // An IPv6 client by its /64: any address of it is the same client.
    const address = limitKeyOf(ip);
    return {
      pair: key('account-address', email, address),
      address: key('address', address),
      account: key('account', email),
    };
  }

  /** Milliseconds to wait, or a claim to go ahead and check the password. */
  async begin(attempt: SignInAttempt): Promise<{ waitMs: number } | { claim: Claim }> {
    const now = this.now();
    const keys = this.keys(attempt);
    const all = Object.values(keys);
    const until = await this.repo.blockedUntil(all, now);
    if (until > now) return { waitMs: until - now };

    const claim: Claim = { attempt, held: [] };
    const take = async (throttleKey: string, plan: WaitSchedule) => {
      const claimed = await this.repo.claim(throttleKey, now, now - FORGET_AFTER_MS, plan);
      if (claimed) claim.held.push({ key: throttleKey, claimed });
      return claimed;
    };
    const pair = await take(keys.pair, this.schedules.pair);
    const complete =
      pair !== undefined &&
      (keys.address === undefined || (await take(keys.address, this.schedules.address))) &&
      (keys.account === undefined ||
        pair.failures > this.schedules.pair.free ||
        (await take(keys.account, this.schedules.account)));
    if (complete) return { claim };
    // A parallel attempt started a wait first: this one waits too, uncounted.
    await this.release(claim);
    return { waitMs: Math.max(FIRST_WAIT_MS, (await this.repo.blockedUntil(all, now)) - now) };
  }

  /** The right password: this address (or device) starts afresh for the account. */
  async succeeded(claim: Claim): Promise<void> {
    const [pair, ...rest] = claim.held;
    await this.repo.clear(pair ? [pair.key] : []);
    for (const { key: throttleKey, claimed } of rest) await this.repo.release(throttleKey, claimed);
  }

  /** Not a guess after all (e.g. a disabled account's right password): nothing counts. */
  async release(claim: Claim): Promise<void> {
    for (const { key: throttleKey, claimed } of claim.held) {
      await this.repo.release(throttleKey, claimed);
    }
  }

  purge() {
    const now = this.now();
    return this.repo.purge(now - FORGET_AFTER_MS, now);
  }
}
