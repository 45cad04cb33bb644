import type { FastifyRequest } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffRow } from '../../src/db/repositories/staff.ts';
import { requestAudit } from '../../src/services/audit.ts';
import { createOnce, idempotencyOf } from '../../src/services/idempotent-route.ts';
import { useTestApp } from '../helpers/fixture.ts';
import { insertStaffMember } from '../helpers/staff-members.ts';

const { t } = useTestApp({ upstream: 'embedded' });
let staff: StaffRow;
beforeAll(async () => {
  staff = await insertStaffMember(t.app.repos.staff, 'editor');
});

/** What the helpers read of a request: its headers, signed-in staff member, address and log. */
const requestOf = (headers: Record<string, string> = {}) =>
  ({ headers, staff, ip: '198.51.100.4', log: t.app.log }) as unknown as FastifyRequest;

describe('the audit of requests', () => {
  it('should name the signed-in staff member and the address unless told otherwise', async () => {
    const audit = requestAudit(t.app.repos.audit);
    await audit(requestOf(), 'stream.create', { subject: 'stream-1', details: { name: 'a' } });
    await audit(requestOf(), 'password.reset-failed', { actorId: null, subject: 'stream-1' });
    const rows = await t.app.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'ip', 'details'])
      .where('subject', '=', 'stream-1')
      .orderBy('at')
      .execute();
    expect(rows).toEqual([
      { action: 'stream.create', actor_id: staff.id, ip: '198.51.100.4', details: '{"name":"a"}' },
      { action: 'password.reset-failed', actor_id: null, ip: '198.51.100.4', details: '{}' },
    ]);
  });
});

describe('idempotent creation', () => {
  it('should create once per key and answer a retry with what the first made', async () => {
    const idempotency = idempotencyOf(t.app);
    let made = 0;
    const create = async () => ({ n: ++made });
    const request = requestOf({ 'idempotency-key': 'create-once-1' });
    expect(await createOnce(idempotency, request, 'things.create', create)).toEqual({ n: 1 });
    expect(await createOnce(idempotency, request, 'things.create', create)).toEqual({ n: 1 });
    // Without a key, every request creates.
    expect(await createOnce(idempotency, requestOf(), 'things.create', create)).toEqual({ n: 2 });
    expect(made).toBe(2);
  });

  it('should let a retry create after the first attempt failed', async () => {
    const idempotency = idempotencyOf(t.app);
    const request = requestOf({ 'idempotency-key': 'create-once-2' });
    await expect(
      createOnce(idempotency, request, 'things.create', () => Promise.reject(new Error('down'))),
    ).rejects.toThrow('down');
    expect(
      await createOnce(idempotency, request, 'things.create', () => Promise.resolve('made')),
    ).toBe('made');
  });
});
