import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../helpers/fixture.ts';

const ROWS = Number(process.env.EXPORT_ROWS ?? 100_000);

// A collection on demand, so that what is measured is what is held, not garbage not yet swept.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let base: string;

const {
  t,
  clients: { admin },
} = useTestApp({ clients: { admin: 'seeded-admin' } });
beforeAll(async () => {
  const now = t.clock.now();
  const s = Math.floor(now / 1000);
  for (let start = 0; start < ROWS; start += 1000) {
    const rows = Array.from({ length: 1000 }, (_, j) => {
      const i = start + j;
      return {
        id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
        jti: `seeded-${i}`,
        kind: 'viewer' as const,
        policy_id: null,
        target: JSON.stringify({ type: 'streams', streams: [`DmEvt-Stream${i % 50}`] }),
        issued_at: s,
        not_before: s,
        expires_at: s + 3600,
        revocable: 0,
        force_disconnect: 0,
        ip: '203.0.113.7',
        domain: 'viewers.example.com',
        viewer_user: `viewer-${i}`,
        tag: `event-${i % 7}`,
        claims: '{}',
        created_by: null,
        created_at: now - ROWS + i,
        revoked_at: null,
        revoked_by: null,
        encrypted_token: null,
      };
    });
    await t.app.db.insertInto('ledger').values(rows).execute();
  }
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}, 120_000);

describe('GET /api/tokens/export.csv at 100,000 rows', () => {
  it('should stream every row to a slow reader while the BFF holds about a page of them', async () => {
    // The JS heap and the buffers outside it (a response written ahead sits in those).
    const held = () => {
      gc();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.external;
    };
    const baseline = held();
    let peak = 0;
    let bytes = 0;
    let lines = 0;
    let chunks = 0;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${base}/api/tokens/export.csv`, {
        headers: { cookie: admin.cookie ?? '' },
      });
      req.on('response', (res) => {
        expect(res.statusCode).toBe(200);
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (const byte of chunk) if (byte === 10) lines += 1;
          chunks += 1;
          // A slow reader: every so often it stops and measures what is held meanwhile.
          if (chunks % 25 === 1) {
            res.pause();
            void delay(20).then(() => {
              peak = Math.max(peak, held() - baseline);
              res.resume();
            });
          }
        });
        res.on('end', resolve);

        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    expect(lines).toBe(ROWS + 1);
    // The file is more than twice the bound (and its rows as objects several times that):
    // holding either would cross it.
    expect(bytes).toBeGreaterThan(20 * 1024 * 1024);
    expect(peak).toBeLessThan(8 * 1024 * 1024);
  }, 180_000);
});
