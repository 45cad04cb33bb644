import {
  createTokenRequestSchema,
  tokenListQuerySchema,
  type TokenRequestInput,
} from '@ptd/contracts';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffActor } from '../../src/services/actor.ts';
import { mintToken } from '../../src/services/tokens/create.ts';
import { tokenServiceDeps, type TokenServiceDeps } from '../../src/services/tokens/deps.ts';
import { inspectToken } from '../../src/services/tokens/inspect.ts';
import { listTokens } from '../../src/services/tokens/list.ts';
import { StreamDirectory } from '../../src/services/tokens/stream-directory.ts';
import { useTestApp } from '../helpers/fixture.ts';
import { staffActorFor } from '../helpers/staff-members.ts';
import { tokenRequest } from '../helpers/tokens.ts';

const { t } = useTestApp();
let deps: TokenServiceDeps;
let streams: StreamDirectory;
let editor: StaffActor;

const mint = (actor: StaffActor, overrides: Partial<TokenRequestInput> = {}) =>
  mintToken(deps, actor, createTokenRequestSchema(deps.now).parse(tokenRequest(overrides)));
const list = (query: Record<string, unknown>) =>
  listTokens(deps, tokenListQuerySchema.parse(query), streams);

beforeAll(async () => {
  deps = tokenServiceDeps(t.app);
  streams = new StreamDirectory(deps.nanostream, deps.now, t.app.log);
  editor = await staffActorFor(t.app.repos.staff, 'editor', t.app.log);
});

describe('listing tokens with explicit dependencies', () => {
  it('should list the tokens a tag and creator match, newest first, never with the token', async () => {
    const tag = `t-${randomUUID().slice(0, 8)}`;
    const other = await staffActorFor(t.app.repos.staff, 'editor', t.app.log);
    const first = await mint(editor, { tag });
    t.clock.advance(1000);
    const second = await mint(editor, { tag });
    await mint(other, { tag });
    const page = await list({ tag, createdBy: editor.staff.email });
    expect(page.items.map((item) => item.id)).toEqual([second.record.id, first.record.id]);
    expect(page).toMatchObject({ total: 2, totalCapped: false, nextCursor: null });
    expect(JSON.stringify(page)).not.toContain(first.token);
  });

  it('should answer an empty page when a filter matches no stored value', async () => {
    await mint(editor, { tag: 'known' });
    const page = await list({ tag: `unknown-${randomUUID()}` });
    expect(page).toMatchObject({ items: [], total: 0, nextCursor: null, prevCursor: null });
  });

  it('should say which of its streams made a token match the stream filter', async () => {
    const tag = `s-${randomUUID().slice(0, 8)}`;
    await mint(editor, { tag, target: { type: 'streams', streams: ['DmEvt-CupFn'] } });
    const page = await list({ tag, stream: 'cupfn' });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.match).toEqual({ type: 'stream', streams: ['DmEvt-CupFn'] });
  });
});

describe('inspecting a token with explicit dependencies', () => {
  it('should decode a token we minted, pass on the token service verdict and find its record', async () => {
    const minted = await mint(editor);
    const result = await inspectToken(deps, minted.token);
    expect(result.decodeError).toBeNull();
    expect(result.verdict.valid).toBe(true);
    expect(result.claims).toMatchObject({ jti: minted.record.jti });
    expect(result.record).toMatchObject({
      id: minted.record.id,
      createdBy: { id: editor.staff.id },
    });
    expect(result.organisation).toMatchObject({ belongsTo: 'this', name: 'Demo Events' });
  });

  it('should find no record for a copy of our token whose iat was changed or left out', async () => {
    const minted = await mint(editor);
    const [header, payload] = minted.token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      iat: number;
    };
    const forged = (changes: Record<string, unknown>) =>
      [
        header,
        Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url'),
        'c2ln',
      ].join('.');
    for (const iat of [undefined, String(claims.iat), claims.iat + 1, 1e300]) {
      const result = await inspectToken(deps, forged({ iat }));
      expect(result.decodeError, String(iat)).toBeNull();
      expect(result.verdict.valid, String(iat)).toBe(false);
      expect(result.record, String(iat)).toBeNull();
    }
  });

  it('should explain text that is no token, with no record and no owner', async () => {
    const result = await inspectToken(deps, 'not a token');
    expect(result).toMatchObject({ header: null, claims: null, record: null });
    expect(result.decodeError).toEqual(expect.any(String));
    expect(result.verdict.valid).toBe(false);
    expect(result.organisation.belongsTo).toBe('unknown');
  });
});
