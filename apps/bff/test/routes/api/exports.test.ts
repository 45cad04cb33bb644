import type { AuditList } from '@ptd/contracts';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { batchOptions, createBatch, guests, waitForBatch } from '../../helpers/batches.ts';
import { createToken } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const tokens: string[] = [];
/** The emulator's "Demo Events" ABR group: DmEvt-Cncrt and its renditions. */
const CONCERT_GROUP = 'a1000000-0000-4000-8000-000000000002';

const BOM = '\uFEFF';
const rowsOf = (body: string) =>
  parse(body.slice(BOM.length), { columns: true }) as Array<Record<string, string>>;

const {
  t,
  clients: { admin, editor, viewer },
} = useTestApp({ clients: { admin: 'seeded-admin', editor: 'editor', viewer: 'viewer' } });
beforeAll(async () => {
  for (const tag of ['=HYPERLINK("http://evil.example","x")', 'say "hi", then go', '+1', 'plain']) {
    tokens.push((await createToken(editor, { tag, user: '@viewer-1' })).token);
  }
  await createToken(admin, { tag: 'other-export' });
});

describe('GET /api/tokens/export.csv', () => {
  it('should stream the filtered overview as an attachment in UTF-8 with a BOM, quoted, and never with a token', async () => {
    const response = await editor.get(
      '/api/tokens/export.csv?createdBy=editor&sort=createdAt&order=asc',
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="tokens-.*\.csv"$/,
    );
    expect(response.body.startsWith(BOM)).toBe(true);
    const rows = rowsOf(response.body);
    expect(rows.map((row) => row.Tag)).toEqual([
      `'=HYPERLINK("http://evil.example","x")`,
      'say "hi", then go',
      "'+1",
      'plain',
    ]);
    expect(rows[0]).toMatchObject({ 'User ID': "'@viewer-1", Status: 'active', Revocable: 'no' });
    expect(response.body).toContain('"say ""hi"", then go"');
    for (const token of tokens) expect(response.body).not.toContain(token);
    expect(response.body).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });

  it('should audit each export with who, the filter and the number of rows', async () => {
    await editor.get('/api/tokens/export.csv?tag=plain');
    // Written when the download has ended, just after its last byte.
    const entries = await vi.waitFor(async () => {
      const list = (await admin.get('/api/audit?action=export.tokens')).json<AuditList>();
      const tagged = list.items.filter((entry) => (entry.details.filter as { tag?: string }).tag);
      expect(tagged).toHaveLength(1);
      return tagged;
    });
    expect(entries[0]).toMatchObject({
      actor: { email: editor.session?.user.email },
      details: { filter: { tag: 'plain' }, rows: 1, complete: true },
    });
  });

  it('should answer HEAD with the download’s headers, reading and auditing no export', async () => {
    const head = (url: string) =>
      t.app.inject({ method: 'HEAD', url, headers: { cookie: admin.cookie ?? '' } });
    const tokensHead = await head('/api/tokens/export.csv?tag=head-probe');
    const auditHead = await head('/api/audit/export.csv?action=stream.create');
    for (const response of [tokensHead, auditHead]) {
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename=".*\.csv"$/);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toBe('');
    }
    // An export after them is audited (once its download ends); the HEAD requests are not.
    await admin.get('/api/tokens/export.csv?tag=after-head');
    const exports = await vi.waitFor(async () => {
      const rows = await t.app.db
        .selectFrom('audit_log')
        .select('details')
        .where('action', 'in', ['export.tokens', 'export.audit'])
        .execute();
      const filters = rows.map((row) => JSON.stringify(JSON.parse(row.details).filter));
      expect(filters.some((filter) => filter.includes('after-head'))).toBe(true);
      return filters;
    });
    expect(exports.filter((filter) => filter.includes('head-probe'))).toEqual([]);
    expect(exports.filter((filter) => filter.includes('stream.create'))).toEqual([]);
  });

  it('should name the file after its filters, in safe characters and a bounded length', async () => {
    const name = async (query: string) =>
      /filename="([^"]+)"/.exec(
        (await admin.get(`/api/tokens/export.csv${query}`)).headers[
          'content-disposition'
        ] as string,
      )?.[1];
    const stamp = String.raw`\d{4}-\d{2}-\d{2}T\d{4}Z\.csv`;
    expect(await name('?tag=VIP&status=active')).toMatch(
      new RegExp(`^tokens-tag-vip-active-${stamp}$`),
    );
    expect(
      await name(`?tag=${encodeURIComponent('Café "Nord"/../x')}&expiringWithin=86400`),
    ).toMatch(new RegExp(`^tokens-tag-cafe-nord-x-expiring-within-1d-${stamp}$`));
    expect(await name('')).toMatch(new RegExp(`^tokens-${stamp}$`));
    expect(await name('?targetType=organisation,group&status=active')).toMatch(
      new RegExp(`^tokens-target-group-organisation-active-${stamp}$`),
    );
    const long = await name(`?tag=${'a'.repeat(64)}&user=${'b'.repeat(128)}`);
    expect(long).toMatch(/^[a-z0-9.-]+$/i);
    expect(long).toMatch(new RegExp(`^tokens-tag-a{64}-user-b+-${stamp}$`));
    expect(long!.length).toBeLessThanOrEqual(120);
  });

  it('should call a token created in bulk of kind bulk, as the overview and the event overview do', async () => {
    const batch = await createBatch(admin, guests(2, 'export-bulk-'));
    await waitForBatch(admin, batch.id);
    const rows = rowsOf((await admin.get('/api/tokens/export.csv?user=export-bulk-')).body);
    expect(rows.map((row) => row.Kind)).toEqual(['bulk', 'bulk']);
    const single = rowsOf((await admin.get('/api/tokens/export.csv?tag=other-export')).body);
    expect(single.map((row) => row.Kind)).toEqual(['staff']);
  });

  it('should give the batch of a token created in bulk, and a group by its head stream beside its id', async () => {
    const batch = await createBatch(
      admin,
      guests(1, 'export-batch-'),
      batchOptions({ target: { type: 'group', groupId: CONCERT_GROUP } }),
    );
    await waitForBatch(admin, batch.id);
    const [bulk] = rowsOf((await admin.get('/api/tokens/export.csv?user=export-batch-')).body);
    expect(bulk).toMatchObject({
      'Batch ID': batch.id,
      'Target type': 'group',
      Target: `DmEvt-Cncrt (${CONCERT_GROUP})`,
    });
    const [single] = rowsOf((await admin.get('/api/tokens/export.csv?tag=other-export')).body);
    expect(single?.['Batch ID']).toBe('');

    // bintu cannot be read at all: the group's id alone, and the export still whole.
    const unreadable = vi.spyOn(t.app.streamDirectory, 'get').mockResolvedValue(undefined);
    const noStream = vi.spyOn(t.app.nanostream, 'getStream').mockRejectedValue(new Error('down'));
    try {
      const response = await admin.get('/api/tokens/export.csv?user=export-batch-');
      expect(response.statusCode).toBe(200);
      expect(rowsOf(response.body)[0]?.Target).toBe(CONCERT_GROUP);
    } finally {
      unreadable.mockRestore();
      noStream.mockRestore();
    }
  });

  it('should name a group older than the newest streams as the screen does, asking bintu for it', async () => {
    const batch = await createBatch(
      admin,
      guests(1, 'export-old-group-'),
      batchOptions({ target: { type: 'group', groupId: CONCERT_GROUP } }),
    );
    await waitForBatch(admin, batch.id);
    // The newest streams no longer hold the group's head, as for a group made long ago.
    const newest = vi
      .spyOn(t.app.streamDirectory, 'get')
      .mockResolvedValue({ streams: [], heads: new Map() });
    try {
      const [row] = rowsOf((await admin.get('/api/tokens/export.csv?user=export-old-group-')).body);
      expect(row?.Target).toBe(`DmEvt-Cncrt (${CONCERT_GROUP})`);
    } finally {
      newest.mockRestore();
    }
  });

  it('should export only the target types asked for', async () => {
    await createToken(admin, { tag: 'export-types' });
    await createToken(admin, {
      tag: 'export-types',
      target: { type: 'group', groupId: CONCERT_GROUP },
    });
    const query = '?tag=export-types&targetType=group';
    const rows = rowsOf((await admin.get(`/api/tokens/export.csv${query}`)).body);
    expect(rows.map((row) => row['Target type'])).toEqual(['group']);
  });

  it('should refuse viewers with 403, and editors the audit log export', async () => {
    expect((await viewer.get('/api/tokens/export.csv')).statusCode).toBe(403);
    expect((await viewer.get('/api/audit/export.csv')).statusCode).toBe(403);
    expect((await editor.get('/api/audit/export.csv')).statusCode).toBe(403);
  });

  it('should answer a bad filter with a 400 naming the field', async () => {
    const response = await admin.get('/api/tokens/export.csv?expiringWithin=abc');
    expect(response.statusCode).toBe(400);
    expect(response.json().issues[0].path).toBe('expiringWithin');
  });
});

describe('the audit log by date range and its export', () => {
  it('should list and export only the entries between from and to, both included', async () => {
    const day = (d: number) => Date.UTC(2026, 0, d, 12);
    for (const d of [1, 2, 3, 4]) {
      await t.app.db
        .insertInto('audit_log')
        .values({
          id: `0190000${d}-0000-7000-8000-000000000000`,
          at: day(d),
          actor_id: null,
          action: 'ledger.retention',
          subject: `day-${d}`,
          ip: null,
          details: JSON.stringify({ note: d === 3 ? '-danger' : 'ok' }),
        })
        .execute();
    }
    const from = new Date(day(2)).toISOString();
    const to = new Date(day(3)).toISOString();
    const listed = await admin.get(`/api/audit?action=ledger.retention&from=${from}&to=${to}`);
    expect(listed.json<AuditList>().items.map((e) => e.subject)).toEqual(['day-3', 'day-2']);

    const csv = await admin.get(
      `/api/audit/export.csv?action=ledger.retention&from=${from}&to=${to}`,
    );
    expect(csv.statusCode).toBe(200);
    const rows = rowsOf(csv.body);
    expect(rows.map((row) => row.Subject)).toEqual(['day-3', 'day-2']);
    expect(rows[0]?.Details).toBe('{"note":"-danger"}');

    await vi.waitFor(async () => {
      const audited = (await admin.get('/api/audit?action=export.audit')).json<AuditList>();
      expect(audited.items[0]?.details).toMatchObject({ filter: { from, to }, rows: 2 });
    });
  });

  it('should name the file after its filters, in safe characters', async () => {
    const name = async (query: string) =>
      /filename="([^"]+)"/.exec(
        (await admin.get(`/api/audit/export.csv${query}`)).headers['content-disposition'] as string,
      )?.[1];
    const stamp = String.raw`\d{4}-\d{2}-\d{2}T\d{4}Z\.csv`;
    expect(
      await name('?action=token.revoke&from=2026-12-01T00:00:00.000Z&to=2026-12-01T23:59:59.000Z'),
    ).toMatch(
      new RegExp(`^audit-token-revoke-from-2026-12-01t0000z-to-2026-12-01t2359z-${stamp}$`),
    );
    expect(await name(`?actor=${encodeURIComponent('Ana "x"/../é;rm')}`)).toMatch(
      new RegExp(`^audit-by-ana-x-e-rm-${stamp}$`),
    );
    expect(await name('')).toMatch(new RegExp(`^audit-${stamp}$`));
  });

  it('should refuse a date that is not one with a 400 naming it', async () => {
    const response = await admin.get('/api/audit?from=yesterday');
    expect(response.statusCode).toBe(400);
    expect(response.json().issues[0]).toMatchObject({
      path: 'from',
      message: expect.stringMatching(/^From: a date and time/),
    });
  });
});
