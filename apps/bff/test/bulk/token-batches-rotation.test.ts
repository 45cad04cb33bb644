import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { StoredSecretRepository } from '../../src/db/repositories/stored-secrets.ts';
import { ADMIN, createTestApp } from '../helpers/app.ts';
import { createBatch, guests, waitForBatch } from '../helpers/batches.ts';
import { Client } from '../helpers/client.ts';
import { useTestDataDir } from '../helpers/data-dirs.ts';
import { useTestUpstream } from '../helpers/fixture.ts';

const [OLD, NEW] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];

const { emulator } = useTestUpstream();
const data = useTestDataDir('bff-bulk-rotation-');

async function start(ledgerKey: string) {
  const t = await createTestApp({
    upstreamUrl: emulator.url,
    dataDir: data.dir,
    keepDataDir: true,
    env: { LEDGER_KEY: ledgerKey, BULK_MINT_RATE_PER_SECOND: '200' },
  });
  const admin = new Client(t.app);
  await admin.signIn(ADMIN.email, ADMIN.password);
  return { t, admin };
}

describe('a batch across a LEDGER_KEY rotation', () => {
  it('should seal its undownloaded tokens again under the new key, so they download after the old one is dropped', async () => {
    const before = await start(OLD);
    const batch = await createBatch(before.admin, guests(2, 'rotated-'));
    await waitForBatch(before.admin, batch.id);
    await before.t.close();

    const during = await start(`${NEW},${OLD}`);
    expect(during.t.logs).toContainEqual(
      expect.objectContaining({
        msg: 'stored secrets sealed under the first LEDGER_KEY',
        resealed: 2,
      }),
    );
    await during.t.close();

    const after = await start(NEW);
    try {
      const download = await after.admin.post(`/api/token-batches/${batch.id}/results`);
      expect(download.statusCode).toBe(200);
      expect(download.body.trim().split('\r\n')).toHaveLength(3);
      expect(download.body).toMatch(/rotated-1,,eyJ/);
    } finally {
      await after.t.close();
    }
  });

  it('should leave erased the tokens downloaded on another replica while this one seals them again', async () => {
    const serving = await start(OLD);
    let starting: Awaited<ReturnType<typeof start>> | undefined;
    try {
      const batch = await createBatch(serving.admin, guests(2, 'rotating-'));
      await waitForBatch(serving.admin, batch.id);
      // A rolling restart with the new key first: this replica has read the sealed tokens to
      // seal them again when the one still serving hands them out (and erases them).
      const replace = StoredSecretRepository.prototype.replace;
      const downloadMeanwhile = vi
        .spyOn(StoredSecretRepository.prototype, 'replace')
        .mockImplementationOnce(async function (this: StoredSecretRepository, changes) {
          const download = await serving.admin.post(`/api/token-batches/${batch.id}/results`);
          expect(download.statusCode).toBe(200);
          return replace.call(this, changes);
        });
      try {
        starting = await start(`${NEW},${OLD}`);
        expect(downloadMeanwhile).toHaveBeenCalled();
      } finally {
        downloadMeanwhile.mockRestore();
      }
      const kept = await serving.t.app.db
        .selectFrom('bulk_row')
        .select('encrypted_token')
        .where('batch_id', '=', batch.id)
        .execute();
      expect(kept).toEqual([{ encrypted_token: null }, { encrypted_token: null }]);
    } finally {
      await starting?.t.close();
      await serving.t.close();
    }
  });
});
