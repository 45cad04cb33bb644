import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/** OWASP's argon2id baseline (19 MiB, 2 passes). `test` exists only to keep the suite fast. */
const COSTS: Record<'production' | 'test', Options> = {
  production: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
  test: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
};

// Algorithm is a const enum in the typings, which isolatedModules cannot inline.
const ARGON2ID = 2 as Algorithm;

export class PasswordHasher {
  private readonly options: Options;
  private dummy: Promise<string> | undefined;

  constructor(cost: 'production' | 'test') {
    this.options = { ...COSTS[cost], algorithm: ARGON2ID };
  }

  hash(password: string) {
    return hash(password, this.options);
  }

  async verify(passwordHash: string, password: string) {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /**
   * Spends the time of a real verification for an unknown email, so the answer time does
   * not tell an attacker which addresses have accounts.
   */
  async verifyNobody(password: string) {
    this.dummy ??= this.hash(randomBytes(16).toString('hex'));
    await this.verify(await this.dummy, password);
    return false;
  }
}

export const generatePassword = () => randomBytes(18).toString('base64url');
