import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/**
 * The overview at millions of rows: filters that match part of a value, keyset pages, and
 * retention.
 *
 * - `ledger_term`: every distinct tag, viewer user and target value (stream name, group id)
 *   once, with its lower-case form. A filter's text is matched against these few rows, and the
 *   values found are then looked up exactly in the per-value indexes below, newest first. A
 *   substring index over the ledger itself (trigrams) was measured and left out: tags and
 *   streams repeat so often that every trigram of "event-29" is in a third of the rows, and its
 *   matches still had to be sorted by time (100-300 ms for a count at 1,000,000 rows).
 * - A trigram index over the dictionary, for when it holds many values (a viewer user per
 *   viewer): PostgreSQL's pg_trgm (GIN) where the extension can be had, SQLite's FTS5 trigram
 *   table (kept by triggers; `ledger_term` gets an integer key so its rowids stay put).
 * - The per-value indexes end in `id`, the keyset's tie-breaker, so a page of one value is a
 *   short backward range scan with nothing to sort.
 * - Organisation-wide tokens get a `ledger_target` row with the value `*`: the stream filter
 *   lists them ("plays every stream") from the same index.
 * - `ledger_target (ledger_id)`: retention and a refused attempt delete a row's targets by id.
 * - `ledger_kind_expires`: retention walks one kind's expired rows, oldest expiry first.
 * - `ledger_live_scheduled`: the few tokens not valid yet, by start (the "scheduled" count,
 *   and its page when they are sparse among the newest rows).
 * - `ledger_daily`: what retention removed, counted per day of creation, kind and policy.
 */
export const ledgerSearchAndRetention: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema
      .createTable('ledger_term')
      .$call((t) => (postgres ? t : t.addColumn('id', 'integer', (c) => c.primaryKey())))
      .addColumn('field', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('value_lc', 'text', (c) => c.notNull())
      .addColumn('seen_at', 'bigint', (c) => c.notNull())
      .$call((t) =>
        postgres
          ? t.addPrimaryKeyConstraint('ledger_term_pk', ['field', 'value'])
          : t.addUniqueConstraint('ledger_term_value', ['field', 'value']),
      )
      .execute();
    if (postgres) await trigramIndexPostgres(db);
    else await trigramTableSqlite(db);
    await backfillTerms(db);

    await sql`insert into ledger_target (ledger_id, value, created_at)
      select id, '*', created_at from ledger where target like '{"type":"organisation"%'`.execute(
      db,
    );
    await db.schema
      .createIndex('ledger_target_ledger')
      .on('ledger_target')
      .column('ledger_id')
      .execute();

    const perValue: Array<[string, string]> = [
      ['ledger_tag', 'tag'],
      ['ledger_user', 'viewer_user'],
      ['ledger_created_by', 'created_by'],
      ['ledger_policy', 'policy_id'],
    ];
    for (const [name, column] of perValue) {
      await db.schema.dropIndex(name).execute();
      await db.schema
        .createIndex(name)
        .on('ledger')
        .columns([column, 'created_at', 'id'])
        .execute();
    }
    await db.schema
      .createIndex('ledger_live_scheduled')
      .on('ledger')
      .columns(['not_before', 'created_at', 'id'])
      .where(sql.ref('revoked_at'), 'is', null)
      .where(sql.ref('state'), '=', 'issued')
      .where(sql.ref('revocation_requested_at'), 'is', null)
      .execute();
    await db.schema
      .createIndex('ledger_kind_expires')
      .on('ledger')
      .columns(['kind', 'expires_at'])
      .execute();

    await db.schema
      .createTable('ledger_daily')
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('policy_id', 'text', (c) => c.notNull())
      .addColumn('tokens', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('ledger_daily_pk', ['day', 'kind', 'policy_id'])
      .execute();
  },
};

/**
 * The dictionary of what is in the ledger now. Lower-cased here, in JavaScript, as the app does
 * for new values (SQLite's lower() knows ASCII only); the values are few, the rows are not.
 */
async function backfillTerms(db: Kysely<unknown>) {
  const sources = [
    [
      'tag',
      sql`select tag as value, max(created_at) as seen_at from ledger
      where tag is not null group by tag`,
    ],
    [
      'user',
      sql`select viewer_user as value, max(created_at) as seen_at from ledger
      where viewer_user is not null group by viewer_user`,
    ],
    ['target', sql`select value, max(created_at) as seen_at from ledger_target group by value`],
  ] as const;
  for (const [field, query] of sources) {
    const { rows } = await query.execute(db);
    const terms = (rows as Array<{ value: string; seen_at: number | string }>).map((row) => ({
      field,
      value: row.value,
      value_lc: row.value.toLowerCase(),
      seen_at: Number(row.seen_at),
    }));
    for (let i = 0; i < terms.length; i += 500) {
      await (db as Kysely<{ ledger_term: (typeof terms)[number] }>)
        .insertInto('ledger_term')
        .values(terms.slice(i, i + 500))
        .execute();
    }
  }
}

/**
 * pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it. Where it is
 * already installed in another schema its operator class is named with that schema; where it
 * cannot be had, the dictionary is scanned instead (fine for tens of thousands of values).
 */
async function trigramIndexPostgres(db: Kysely<unknown>) {
  const installed = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'pg_trgm'`.execute(db);
  let schema = installed.rows[0]?.schema;
  if (!schema) {
    const allowed = await sql<{ ok: boolean }>`
      select exists (select 1 from pg_available_extensions where name = 'pg_trgm')
        and has_database_privilege(current_database(), 'CREATE') as ok`.execute(db);
    if (!allowed.rows[0]?.ok) return;
    await sql`create extension if not exists pg_trgm`.execute(db);
    schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]
      ?.schema;
  }
  await sql`create index ledger_term_trgm on ledger_term
    using gin (value_lc ${sql.id(schema as string)}.gin_trgm_ops)`.execute(db);
}

async function trigramTableSqlite(db: Kysely<unknown>) {
  await sql`create virtual table ledger_term_search using fts5(
    value_lc, content = 'ledger_term', content_rowid = 'id', tokenize = 'trigram')`.execute(db);
  await sql`create trigger ledger_term_search_insert after insert on ledger_term begin
    insert into ledger_term_search (rowid, value_lc) values (new.id, new.value_lc); end`.execute(
    db,
  );
  await sql`create trigger ledger_term_search_delete after delete on ledger_term begin
    insert into ledger_term_search (ledger_term_search, rowid, value_lc)
      values ('delete', old.id, old.value_lc); end`.execute(db);
}
