import {
  createTokenRequestSchema,
  tokenFilterSchema,
  type BulkRevocation,
  type TokenRequestInput,
} from '@ptd/contracts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StaffActor } from '../../src/services/actor.ts';
import {
  previewBulkRevocation,
  startBulkRevocation,
  viewBulkRevocation,
} from '../../src/services/tokens/bulk-revoke.ts';
import { BulkRevocationRunner } from '../../src/services/tokens/bulk-revoke-run.ts';
import { mintToken } from '../../src/services/tokens/create.ts';
import { tokenServiceDeps, type TokenServiceDeps } from '../../src/services/tokens/deps.ts';
import { StreamDirectory } from '../../src/services/tokens/stream-directory.ts';
import { useTestApp } from '../helpers/fixture.ts';
import { staffActorFor } from '../helpers/staff-members.ts';
import { tokenRequest } from '../helpers/tokens.ts';

const { t } = useTestApp();
let deps: TokenServiceDeps;
let streams: StreamDirectory;
let runner: BulkRevocationRunner;
let admin: StaffActor;
let editor: StaffActor;
let otherEditor: StaffActor;

const mint = (actor: StaffActor, overrides: Partial<TokenRequestInput> = {}) =>
  mintToken(deps, actor, createTokenRequestSchema(deps.now).parse(tokenRequest(overrides)));
const byTag = (tag: string) => tokenFilterSchema.parse({ tag });
const finished = (actor: StaffActor, id: string) =>
  vi.waitFor(
    async () => {
      const job = await viewBulkRevocation(deps, actor, id);
      expect(job.state).toBe('done');
      return job;
    },
    { timeout: 30_000, interval: 100 },
  );

beforeAll(async () => {
  deps = tokenServiceDeps(t.app);
  streams = new StreamDirectory(deps.nanostream, deps.now, t.app.log);
  runner = new BulkRevocationRunner(deps, t.app.repos.staff);
  const staff = t.app.repos.staff;
  [admin, editor, otherEditor] = await Promise.all([
    staffActorFor(staff, 'admin', t.app.log),
    staffActorFor(staff, 'editor', t.app.log),
    staffActorFor(staff, 'editor', t.app.log),
  ]);
});
afterAll(() => runner?.close());

describe('revoke by filter with explicit dependencies', () => {
  it('should preview only an editor’s own revocable tokens, and every one for an admin', async () => {
    const tag = `p-${randomUUID().slice(0, 8)}`;
    await mint(editor, { tag, revocable: true });
    await mint(editor, { tag });
    await mint(otherEditor, { tag, revocable: true });
    const own = await previewBulkRevocation(deps, editor, byTag(tag), streams);
    expect(own).toMatchObject({ count: 1, notRevocable: 1, ownOnly: true });
    const all = await previewBulkRevocation(deps, admin, byTag(tag), streams);
    expect(all).toMatchObject({ count: 2, notRevocable: 1, ownOnly: false });
    expect(all.sample.map((record) => record.tag)).toEqual([tag, tag]);
  });

  it('should revoke every matching token at the token service and record the outcome', async () => {
    const tag = `r-${randomUUID().slice(0, 8)}`;
    const minted = await Promise.all([1, 2, 3].map(() => mint(editor, { tag, revocable: true })));
    const body = { filter: byTag(tag), expectedCount: 3 };
    const started = await startBulkRevocation(deps, editor, body, streams, runner);
    expect(started).toMatchObject({ ownOnly: true, total: 3 });
    const job: BulkRevocation = await finished(editor, started.id);
    expect(job).toMatchObject({ revoked: 3, skipped: 0, failed: 0, failures: [] });
    for (const { token } of minted) {
      expect((await deps.nanostream.verifyToken(token)).valid).toBe(false);
    }
    const audit = await deps.repos.audit.list({
      page: 1,
      pageSize: 1,
      action: 'token.bulk-revoke',
    });
    expect(audit.items[0]).toMatchObject({ subject: started.id, actor: { id: editor.staff.id } });
  });

  it('should refuse a count that changed since the preview, revoking nothing', async () => {
    const tag = `c-${randomUUID().slice(0, 8)}`;
    const minted = await mint(editor, { tag, revocable: true });
    const body = { filter: byTag(tag), expectedCount: 2 };
    await expect(startBulkRevocation(deps, editor, body, streams, runner)).rejects.toMatchObject({
      statusCode: 409,
      code: 'count-changed',
    });
    expect((await deps.nanostream.verifyToken(minted.token)).valid).toBe(true);
  });

  it('should hide a job from another editor but show it to an admin', async () => {
    const tag = `v-${randomUUID().slice(0, 8)}`;
    await mint(editor, { tag, revocable: true });
    const body = { filter: byTag(tag), expectedCount: 1 };
    const started = await startBulkRevocation(deps, editor, body, streams, runner);
    await finished(editor, started.id);
    await expect(viewBulkRevocation(deps, otherEditor, started.id)).rejects.toMatchObject({
      statusCode: 404,
    });
    expect(await viewBulkRevocation(deps, admin, started.id)).toMatchObject({ revoked: 1 });
  });

  describe('while the app closes', () => {
    it('should hand over a job claimed while its runner closed, not leave it claimed', async () => {
      const tag = `s-${randomUUID().slice(0, 8)}`;
      await Promise.all([1, 2, 3].map(() => mint(editor, { tag, revocable: true })));
      const closing = new BulkRevocationRunner(deps, t.app.repos.staff);
      const jobs = deps.repos.ledger.bulkRevocations;
      const create = jobs.create.bind(jobs);
      let arrived = () => {};
      const createArrived = new Promise<void>((resolve) => (arrived = resolve));
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      const held = vi.spyOn(jobs, 'create').mockImplementationOnce(async (...args) => {
        arrived();
        await released;
        return create(...args);
      });
      try {
        const body = { filter: byTag(tag), expectedCount: 3 };
        const started = startBulkRevocation(deps, editor, body, streams, closing);
        await createArrived;
        // The app closes while the job's row is being written.
        const closed = closing.close();
        release();
        const { id } = await started;
        await closed;
        // Handed over: its heartbeat is stale at once, for the next replica that looks.
        const job = await viewBulkRevocation(deps, editor, id);
        expect(['interrupted', 'done']).toContain(job.state);
        // A closed runner claims nothing more: the request is sent again, to another replica.
        const later = `s-${randomUUID().slice(0, 8)}`;
        await mint(editor, { tag: later, revocable: true });
        const again = { filter: byTag(later), expectedCount: 1 };
        await expect(
          startBulkRevocation(deps, editor, again, streams, closing),
        ).rejects.toMatchObject({ statusCode: 503, code: 'stopping' });
        expect(await previewBulkRevocation(deps, editor, byTag(later), streams)).toMatchObject({
          count: 1,
        });
      } finally {
        held.mockRestore();
      }
    });
  });

  describe('when the person who started it loses the right to revoke while it runs', () => {
    /** Deps whose revokes wait at the token service until `release()`. */
    function gatedDeps() {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let calls = 0;
      const nanostream = Object.assign(Object.create(deps.nanostream) as typeof deps.nanostream, {
        revokeToken: async (token: string) => {
          calls += 1;
          await gate;
          return deps.nanostream.revokeToken(token);
        },
      });
      return { deps: { ...deps, nanostream }, release, calls: () => calls };
    }

    async function runWhile(
      change: (starter: StaffActor) => Promise<unknown>,
      owner: () => StaffActor,
    ) {
      const starter = await staffActorFor(t.app.repos.staff, 'admin', t.app.log);
      const tag = `d-${randomUUID().slice(0, 8)}`;
      const minted = await Promise.all(
        Array.from({ length: 12 }, () => mint(owner(), { tag, revocable: true })),
      );
      const gated = gatedDeps();
      const jobs = new BulkRevocationRunner(gated.deps, t.app.repos.staff);
      try {
        const body = { filter: byTag(tag), expectedCount: 12 };
        const started = await startBulkRevocation(gated.deps, starter, body, streams, jobs);
        // The first revokes are at the token service; then the starter loses the right.
        await vi.waitFor(() => expect(gated.calls()).toBe(8));
        await change(starter);
        gated.release();
        const job = await finished(admin, started.id);
        let stillValid = 0;
        for (const { token } of minted) {
          if ((await deps.nanostream.verifyToken(token)).valid) stillValid += 1;
        }
        return { job, stillValid };
      } finally {
        gated.release();
        await jobs.close();
      }
    }

    it('should revoke nothing more for an account disabled meanwhile', async () => {
      const { job, stillValid } = await runWhile(
        (starter) => t.app.repos.staff.updateKeepingAnAdmin(starter.staff.id, { disabled: 1 }),
        () => editor,
      );
      expect(job).toMatchObject({ total: 12, revoked: 8, failed: 4, pending: 0 });
      expect(job.failures[0]?.message).toMatch(/may no longer revoke tokens/);
      expect(stillValid).toBe(4);
    });

    it('should revoke only their own tokens once an admin is made an editor', async () => {
      const { job, stillValid } = await runWhile(
        (starter) => t.app.repos.staff.updateKeepingAnAdmin(starter.staff.id, { role: 'editor' }),
        () => otherEditor,
      );
      expect(job).toMatchObject({ total: 12, revoked: 8, failed: 4, pending: 0 });
      expect(job.failures[0]?.message).toMatch(/may revoke only the tokens you created/);
      expect(stillValid).toBe(4);
    });
  });
});
