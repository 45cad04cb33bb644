import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { HttpError } from '../lib/errors.ts';

/** OWASP's argon2id baseline (19 MiB, 2 passes). `test` exists only to keep the suite fast. */
const COSTS: Record<'production' | 'test', Options> = {
  production: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
  test: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
};

// Algorithm is a const enum in the typings, which isolatedModules cannot inline.
const ARGON2ID = 2 as Algorithm;

/**
 * Whose password is checked: `known` for a browser with the account's device cookie or a
 * signed-in member of staff, `stranger` for everyone else. Known ones wait ahead of strangers
 * and in a queue of their own, so a flood of strangers cannot keep the owner out.
 */
export type PasswordLane = 'known' | 'stranger';

/** Each lane may queue this many checks per check running at once; more are refused. */
export const WAITING_PER_RUNNING = 4;

/** 503 with Retry-After: every turn is taken; nothing was checked or counted. */
export const passwordChecksBusy = () =>
  new HttpError(
    503,
    'password-checks-busy',
    'Too many passwords are being checked right now. Try again in a second.',
    {},
    { 'retry-after': '1' },
  );

/** A place in a lane's line, held from before a sign-in's queries until its check. */
export interface Place {
  readonly lane: PasswordLane;
  held: boolean;
}

/**
 * argon2 runs on libuv's thread pool (UV_THREADPOOL_SIZE threads, 4 unless set), which the
 * BFF also needs for DNS lookups, crypto and files: unbounded, password checks sent from many
 * addresses at once would take every thread and slow every other request. `atOnce` checks
 * run; each lane may hold `atOnce` × WAITING_PER_RUNNING more in line; beyond that a check is
 * refused at once (503) rather than queued for ever.
 */
export class PasswordChecks {
  private running = 0;
  private readonly runningOf: Record<PasswordLane, number> = { known: 0, stranger: 0 };
  /** Places taken and not yet running: waiting for a turn, or for the queries before it. */
  private readonly inLine: Record<PasswordLane, number> = { known: 0, stranger: 0 };
  private readonly waiting: Record<PasswordLane, Array<() => void>> = { known: [], stranger: [] };

  constructor(private readonly atOnce: number) {}

  /** Takes a place in the lane's line, or refuses (503) when the lane is full. */
  place(lane: PasswordLane): Place {
    const most = this.atOnce * (1 + WAITING_PER_RUNNING);
    if (this.runningOf[lane] + this.inLine[lane] >= most) throw passwordChecksBusy();
    this.inLine[lane] += 1;
    return { lane, held: true };
  }

  /** Gives back a place that was not used for a check (a throttled attempt, an error). */
  leave(place: Place) {
    if (!place.held) return;
    place.held = false;
    this.inLine[place.lane] -= 1;
  }

  /** Runs the check in its turn; with a lane rather than a place, takes a place first. */
  async run<T>(from: Place | PasswordLane, check: () => Promise<T>): Promise<T> {
    const place = typeof from === 'string' ? this.place(from) : from;
    if (!place.held) throw new Error('a place in line is used for one check');
    if (this.running < this.atOnce) this.running += 1;
    else await new Promise<void>((resolve) => this.waiting[place.lane].push(resolve));
    this.leave(place);
    this.runningOf[place.lane] += 1;
    try {
      return await check();
    } finally {
      this.runningOf[place.lane] -= 1;
      // The turn passes straight to the next in line (known ones first), or is given back.
      const next = this.waiting.known.shift() ?? this.waiting.stranger.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

export class PasswordHasher {
  private readonly options: Options;
  private dummy: Promise<string> | undefined;

  constructor(
    cost: 'production' | 'test',
    readonly checks: PasswordChecks,
  ) {
    this.options = { ...COSTS[cost], algorithm: ARGON2ID };
  }

  hash(password: string, lane: Place | PasswordLane) {
    return this.checks.run(lane, () => hash(password, this.options));
  }

  async verify(passwordHash: string, password: string, lane: Place | PasswordLane) {
    return this.checks.run(lane, async () => {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    });
  }

  /**
   * Spends the time of a real verification for an unknown email, in the same lane and turns,
   * so neither the answer time nor a 503 tells an attacker which addresses have accounts.
   */
  async verifyNobody(password: string, lane: Place | PasswordLane) {
    // Made once, outside the turns: a refused first attempt must not leave it refused.
    this.dummy ??= hash(randomBytes(16).toString('hex'), this.options);
    await this.verify(await this.dummy, password, lane);
    return false;
  }
}

export const generatePassword = () => randomBytes(18).toString('base64url');
