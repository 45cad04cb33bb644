import { PLAYBACK_TOKEN_PATH } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { FAILURES_SUMMARY } from '../../../src/app.ts';
import { LOG_WINDOW_MS } from '../../../src/lib/log-windows.ts';
import { staffClient } from '../../helpers/client.ts';
import { useTestApp } from '../../helpers/fixture.ts';
import { createPolicy, requestToken } from '../../helpers/policies.ts';

const { t, proxy, restart } = useTestApp({ upstream: 'faulty' });

describe('the log while the token service fails under an audience', () => {
  it('should write the first failure in full and then counts, not three lines per viewer', async () => {
    const policy = await createPolicy(await staffClient(t.app, 'editor'));
    proxy.fail('/api/v1/splay', 'status-500');
    t.clock.advance(LOG_WINDOW_MS);
    const before = t.logs.length;
    const ask = (i: number) =>
      requestToken(t.app, { policy: policy.id, remoteAddress: `203.0.113.${i + 1}` });
    for (let i = 0; i < 30; i += 1) expect((await ask(i)).statusCode).toBe(502);

    const lines = t.logs.slice(before);
    // The request (status 502) and what the token service answered (its code), once each.
    expect(lines.map((line) => line.msg)).toEqual([
      'viewer token refused by the token service',
      'request completed',
    ]);
    expect(lines[0]).toMatchObject({ level: 40, code: 'upstream-refused', upstreamErrorCode: 500 });

    t.clock.advance(LOG_WINDOW_MS);
    expect((await ask(40)).statusCode).toBe(502);
    const summaries = t.logs.slice(before).filter((line) => /counted/.test(String(line.msg)));
    expect(summaries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          msg: FAILURES_SUMMARY,
          method: 'POST',
          url: PLAYBACK_TOKEN_PATH,
          counts: { '502': 29 },
        }),
        expect.objectContaining({ code: 'upstream-refused', counts: { '502': 29 } }),
      ]),
    );
  });

  it('should say what it counted when the app closes before the window ends', async () => {
    const policy = await createPolicy(await staffClient(t.app, 'editor'));
    proxy.fail('/api/v1/splay', 'status-500');
    t.clock.advance(LOG_WINDOW_MS);
    // This app's lines, still readable once it is closed.
    const rawLogs = t.rawLogs;
    const logs = () =>
      rawLogs()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const before = logs().length;
    for (let i = 0; i < 12; i += 1) {
      const answer = await requestToken(t.app, {
        policy: policy.id,
        remoteAddress: `203.0.113.${i + 1}`,
      });
      expect(answer.statusCode).toBe(502);
    }
    expect(
      logs()
        .slice(before)
        .filter((line) => /counted/.test(String(line.msg))),
    ).toEqual([]);

    // A restart (SIGTERM) a few seconds into the window: its counts are said on the way out.
    t.clock.advance(LOG_WINDOW_MS / 2);
    await restart();
    const summaries = logs()
      .slice(before)
      .filter((line) => /counted/.test(String(line.msg)));
    expect(summaries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: FAILURES_SUMMARY, counts: { '502': 11 } }),
        expect.objectContaining({ code: 'upstream-refused', counts: { '502': 11 } }),
      ]),
    );
    proxy.heal();
  });
});
