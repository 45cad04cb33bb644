import { beforeAll, describe, expect, it } from 'vitest';
import type { LedgerInsert } from '../../src/db/repositories/ledger.ts';
import {
  ESTIMATE_LIMIT,
  leadingFilter,
  type Candidate,
} from '../../src/db/repositories/ledger-plan.ts';
import { LedgerSearchQueries, type LedgerSearch } from '../../src/db/repositories/ledger-search.ts';
import { appendOnlyId } from '../../src/lib/ids.ts';
import { onPostgres } from '../helpers/database.ts';
import { useTestApp } from '../helpers/fixture.ts';
import { ledgerRowAt } from '../helpers/ledger-rows.ts';

const { t } = useTestApp({ upstream: 'embedded' });

/** A hot tag on 600 rows; two viewers on 6 rows, 4 of them with the hot tag. */
const HOT_ROWS = 600;
const RARE = ['rare-a', 'rare-b'];
const expected: string[] = [];

function row(createdAt: number, tag: string | null, user: string): LedgerInsert {
  return ledgerRowAt(appendOnlyId(), createdAt, {
    kind: 'viewer',
    viewer_user: user,
    tag,
    state: 'issued',
    revocation_requested_at: null,
  });
}

beforeAll(async () => {
  const start = t.clock.now() - 86_400_000;
  const rows: LedgerInsert[] = [];
  for (let i = 0; i < HOT_ROWS; i += 1) {
    // The rare viewers' hot rows are spread through the hot tag's history, oldest first.
    const rare = i % 150 === 0 ? RARE[(i / 150) % 2] : undefined;
    const inserted = row(start + i * 1000, 'hot', rare ?? `crowd-${i}`);
    rows.push(inserted);
    if (rare) expected.unshift(inserted.id);
  }
  rows.push(row(start + 1500, null, 'rare-a'), row(start + 2500, 'other', 'rare-b'));
  for (let i = 0; i < rows.length; i += 100) {
    await t.app.db
      .insertInto('ledger')
      .values(rows.slice(i, i + 100))
      .execute();
  }
  const users = [...new Set(rows.map((r) => r.viewer_user as string))];
  await t.app.repos.ledger.terms.write(
    t.app.db,
    users.map((value) => ({ field: 'user' as const, value })),
    start,
  );
});

const search: LedgerSearch = {
  tag: { values: ['hot'] },
  user: { values: RARE },
  sort: 'createdAt',
  order: 'desc',
};

describe('the list query plan', () => {
  it('should lead with the filter whose values hold the fewest rows, not the fewest values', () => {
    const tag: Candidate = {
      driver: { name: 'column', column: 'ledger.tag' },
      set: { values: ['hot'] },
      rows: ESTIMATE_LIMIT + 1,
    };
    const users: Candidate = {
      driver: { name: 'column', column: 'ledger.viewer_user' },
      set: { values: RARE },
      rows: 6,
    };
    expect(leadingFilter([tag, users])).toBe(users);
    // Both past what is counted: the fewer values, as a merge reads values × page.
    expect(leadingFilter([{ ...users, rows: ESTIMATE_LIMIT + 1 }, tag])).toBe(tag);
  });

  it('should read a hot tag combined with rare users through the users, with the same rows', async () => {
    const queries = new LedgerSearchQueries(t.app.db, onPostgres ? 'postgres' : 'sqlite');
    const plan = await queries.plan(search);
    expect(plan.page?.driver).toEqual({ name: 'column', column: 'ledger.viewer_user' });
    expect(plan.count?.driver).toEqual({ name: 'column', column: 'ledger.viewer_user' });

    const page = await t.app.repos.ledger.list(search, 25);
    expect(page.rows.map((r) => r.id)).toEqual(expected);
    expect(page).toMatchObject({ total: expected.length, capped: false, nextCursor: null });
  });

  it('should find the same rows when the users are too many to list and the tag leads', async () => {
    // A text matching more values than are listed ("RARE-" here, past a limit of 1).
    const user = await t.app.repos.ledger.terms.lookup('user', 'RARE-', 1);
    expect(user).toMatchObject({ values: [], overflow: expect.anything() });
    const wide: LedgerSearch = { ...search, user };
    const queries = new LedgerSearchQueries(t.app.db, onPostgres ? 'postgres' : 'sqlite');
    expect((await queries.plan(wide)).page?.driver).toEqual({
      name: 'column',
      column: 'ledger.tag',
    });

    const page = await t.app.repos.ledger.list(wide, 3);
    expect(page.rows.map((r) => r.id)).toEqual(expected.slice(0, 3));
    expect(page.total).toBe(expected.length);
    const scanned: string[] = [];
    for await (const rows of t.app.repos.ledger.scan(wide, 2)) {
      scanned.push(...rows.map((r) => r.id));
    }
    expect(scanned).toEqual(expected);
  });
});
