import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBffBehindRelay, type BffBehindRelay } from '../helpers/database-relay.ts';
import { signInOverHttp, type BffProcess } from '../helpers/bff-process.ts';
import { onPostgres } from '../helpers/database.ts';
import { http } from '../helpers/http-session.ts';
import { policyOverHttp } from '../helpers/policies.ts';

/**
 * The database's address stops answering without refusing: a failover that moved the name to
 * a host not serving yet, a firewall dropping packets. Connections to it are taken and never
 * answered. Requests must not wait for ever behind them; once the address answers again, the
 * BFF must be back by itself.
 */

const CONNECT_TIMEOUT_MS = 1_500;

let relay: BffBehindRelay['relay'];
let bff: BffProcess;
let running: BffBehindRelay | undefined;

beforeAll(async () => {
  if (!onPostgres) return;
  running = await startBffBehindRelay({
    DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
  });
  ({ relay, bff } = running);
}, 60_000);

afterAll(async () => {
  await running?.close();
}, 30_000);

describe.skipIf(!onPostgres)('the database address taking connections and never answering', () => {
  it('should answer 503 database-unavailable within the connection timeout, and be back by itself once it answers', async () => {
    const admin = await signInOverHttp(bff.url);
    expect((await http(bff.url, admin, 'GET', '/api/session')).status).toBe(200);

    relay.goSilent();
    for (let i = 0; i < 3; i += 1) {
      const started = Date.now();
      // Without a bound on the wait this request never ends: the abort fails the test.
      const answer = await Promise.race([
        http<{ code: string; message: string }>(bff.url, admin, 'GET', '/api/session'),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('no answer within 10 s')), 10_000),
        ),
      ]);
      expect(answer.status).toBe(503);
      expect(answer.body.code).toBe('database-unavailable');
      expect(answer.headers.get('retry-after')).toBe('2');
      expect(Date.now() - started).toBeLessThan(CONNECT_TIMEOUT_MS + 2_500);
    }

    relay.answerAgain();
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await http(bff.url, admin, 'GET', '/api/session')).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    expect(bff.child.exitCode).toBeNull();
  }, 40_000);

  it('should answer viewers within one connection timeout, then at once while it stays silent', async () => {
    const admin = await signInOverHttp(bff.url);
    const policy = await policyOverHttp(bff.url, admin, 'Silent address');
    let viewers = 0;
    const viewer = async () => {
      viewers += 1;
      const started = Date.now();
      const answer = await policy.viewer();
      return { status: answer.status, ms: Date.now() - started };
    };
    expect((await viewer()).status).toBe(200);

    relay.goSilent();
    // The policy copy goes stale after a second: its read finds the address silent.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const first = await viewer();
    const later = [];
    for (let end = Date.now() + 2_500; Date.now() < end;) {
      later.push(await viewer());
      // Well under the 20 a minute one address may ask for.
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const summary = `first ${first.status} after ${first.ms} ms; then ${later
      .map((a) => `${a.status} after ${a.ms} ms`)
      .join(', ')}`;
    console.info(`viewers while the address was silent: ${summary}`);
    expect(first.status, summary).toBe(200);
    expect(first.ms, summary).toBeLessThan(CONNECT_TIMEOUT_MS + 1_000);
    expect(
      later.map((a) => a.status),
      summary,
    ).toEqual(Array(later.length).fill(200));
    // None waits for the connection timeout; the middle one takes milliseconds.
    const times = later.map((a) => a.ms).sort((a, b) => a - b);
    expect(times.at(-1), summary).toBeLessThan(CONNECT_TIMEOUT_MS - 500);
    expect(times[Math.floor(times.length / 2)], summary).toBeLessThan(100);

    relay.answerAgain();
    // Held rows are written once it answers, rate limits shared again.
    await expect
      .poll(
        async () =>
          (await http<{ viewerRowsWaiting: number }>(bff.url, admin, 'GET', '/readyz')).body
            .viewerRowsWaiting,
        { timeout: 10_000 },
      )
      .toBe(0);
    expect(viewers).toBeLessThan(20);
    expect(bff.child.exitCode).toBeNull();
  }, 40_000);
});
