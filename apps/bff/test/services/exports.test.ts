import {
  auditFilterSchema,
  createTokenRequestSchema,
  tokenExportQuerySchema,
} from '@ptd/contracts';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { StaffActor } from '../../src/services/actor.ts';
import { exportAudit } from '../../src/services/exports/audit-export.ts';
import { exportTokens } from '../../src/services/exports/token-export.ts';
import { mintToken } from '../../src/services/tokens/create.ts';
import { tokenServiceDeps, type TokenServiceDeps } from '../../src/services/tokens/deps.ts';
import { StreamDirectory } from '../../src/services/tokens/stream-directory.ts';
import { useTestApp } from '../helpers/fixture.ts';
import { staffActorFor } from '../helpers/staff-members.ts';
import { tokenRequest } from '../helpers/tokens.ts';

const { t } = useTestApp();
let deps: TokenServiceDeps;
let streams: StreamDirectory;
let admin: StaffActor;

/** The download as sent, byte order mark included (a text decoder would drop it). */
const download = async (csv: Readable) => (await buffer(csv)).toString('utf8');

const auditedExport = (action: 'export.tokens' | 'export.audit') =>
  vi.waitFor(async () => {
    const [entry] = (await deps.repos.audit.list({ page: 1, pageSize: 1, action })).items;
    expect(entry).toBeDefined();
    return entry;
  });

beforeAll(async () => {
  deps = tokenServiceDeps(t.app);
  streams = new StreamDirectory(deps.nanostream, deps.now, t.app.log);
  admin = await staffActorFor(t.app.repos.staff, 'admin', t.app.log, '198.51.100.4');
});

describe('CSV exports with explicit dependencies', () => {
  it('should export the tokens a filter matches, never a token, and audit the download', async () => {
    const tag = `x-${randomUUID().slice(0, 8)}`;
    const body = createTokenRequestSchema(deps.now).parse(tokenRequest({ tag }));
    const minted = [await mintToken(deps, admin, body), await mintToken(deps, admin, body)];
    const query = tokenExportQuerySchema.parse({ tag });
    const csv = await download(
      await exportTokens(deps, admin, query, streams, t.app.streamGroupNames),
    );
    const lines = csv.trimEnd().split(/\r?\n/);
    expect(lines[0]).toMatch(/^\uFEFFID,JWT ID \(jti\),Status/);
    expect(lines).toHaveLength(3);
    for (const { token, record } of minted) {
      expect(csv).toContain(record.id);
      expect(csv).not.toContain(token);
    }
    expect(await auditedExport('export.tokens')).toMatchObject({
      actor: { id: admin.staff.id },
      ip: '198.51.100.4',
      details: { filter: { tag }, rows: 2, complete: true },
    });
  });

  it('should export the audit entries a filter matches and audit that export too', async () => {
    // The tokens export of the test before is audited once its download has ended.
    const tokensExport = await auditedExport('export.tokens');
    const filter = auditFilterSchema.parse({ action: 'export.tokens' });
    const csv = await download(exportAudit(deps, admin, filter));
    expect(csv.split(/\r?\n/)[0]).toMatch(/^\uFEFFTime \(UTC\),Action/);
    expect(csv).toContain(tokensExport?.id);
    expect(await auditedExport('export.audit')).toMatchObject({
      actor: { id: admin.staff.id },
      details: { filter: { action: 'export.tokens' }, complete: true },
    });
  });
});
