import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { defaultPasswordChecksAtOnce } from '../../src/config.ts';
import { PasswordChecks, PasswordHasher } from '../../src/services/passwords.ts';

/** A check that runs until the test lets it finish. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { check: () => done, finish };
}

describe('password checks at once', () => {
  it('should run `atOnce` checks, line up four times as many per lane, and refuse the rest with 503', async () => {
    const checks = new PasswordChecks(1);
    const first = held();
    const running = checks.run('stranger', first.check);
    const waiting = Array.from({ length: 4 }, () => checks.run('stranger', async () => 'checked'));
    await expect(checks.run('stranger', async () => 'checked')).rejects.toMatchObject({
      statusCode: 503,
      code: 'password-checks-busy',
      headers: { 'retry-after': '1' },
    });
    first.finish();
    await running;
    expect(await Promise.all(waiting)).toEqual(['checked', 'checked', 'checked', 'checked']);
    // Every turn was given back.
    expect(await checks.run('stranger', async () => 'again')).toBe('again');
  });

  it('should serve a known browser ahead of strangers, in a line strangers cannot fill', async () => {
    const checks = new PasswordChecks(1);
    const first = held();
    const order: string[] = [];
    const running = checks.run('stranger', first.check);
    const strangers = Array.from({ length: 4 }, (_, n) =>
      checks.run('stranger', async () => void order.push(`stranger ${n}`)),
    );
    expect(() => checks.place('stranger')).toThrow(/Too many passwords/);
    const known = checks.run('known', async () => void order.push('known'));
    first.finish();
    await Promise.all([running, known, ...strangers]);
    expect(order[0]).toBe('known');
  });

  it('should count a place taken before the queries of a sign-in, and give it back unused', () => {
    const checks = new PasswordChecks(1);
    const places = Array.from({ length: 5 }, () => checks.place('stranger'));
    expect(() => checks.place('stranger')).toThrow(/Too many passwords/);
    for (const place of places) checks.leave(place);
    checks.leave(places[0]!);
    expect(() => checks.place('stranger')).not.toThrow();
  });

  it('should default to half of the thread pool, at most the cores, at least one', () => {
    expect(defaultPasswordChecksAtOnce(4, 2)).toBe(2);
    expect(defaultPasswordChecksAtOnce(16, 8)).toBe(8);
    expect(defaultPasswordChecksAtOnce(16, 2)).toBe(2);
    expect(defaultPasswordChecksAtOnce(1, 4)).toBe(1);
  });

  it('should take a place for an unknown email as for a known one, and as long', async () => {
    const hasher = new PasswordHasher('production', new PasswordChecks(1));
    const stored = await hasher.hash('the right password', 'known');
    await hasher.verifyNobody('warm up', 'known');
    // Taken in turns, so that a busy moment of the machine slows both alike, and compared by
    // their medians, so that one collection or one busy moment does not decide.
    const known: number[] = [];
    const unknown: number[] = [];
    const time = async (check: () => Promise<boolean>) => {
      const start = performance.now();
      expect(await check()).toBe(false);
      return performance.now() - start;
    };
    for (let i = 0; i < 15; i++) {
      known.push(await time(() => hasher.verify(stored, 'a wrong password', 'stranger')));
      unknown.push(await time(() => hasher.verifyNobody('a wrong password', 'stranger')));
    }
    const median = (times: number[]) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    expect(median(unknown) / median(known)).toBeGreaterThan(0.5);
    expect(median(unknown) / median(known)).toBeLessThan(2);
    // No cheaper path: with the turn taken and the line full, both are refused alike.
    const first = held();
    const running = hasher.checks.run('stranger', first.check);
    const line = Array.from({ length: 4 }, () => hasher.checks.place('stranger'));
    await expect(hasher.verifyNobody('x', 'stranger')).rejects.toMatchObject({ statusCode: 503 });
    await expect(hasher.verify(stored, 'x', 'stranger')).rejects.toMatchObject({ statusCode: 503 });
    for (const place of line) hasher.checks.leave(place);
    first.finish();
    await running;
  });
});
