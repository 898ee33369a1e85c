import { createHash } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { toAcceptedText } from '@sfe/records';

/**
 * The local store's tables. Items and their change log live in one database so a change and its stream
 * record commit in the same transaction, the guarantee DynamoDB Streams gives. Items are `jsonb`: PostgreSQL
 * checks a value when it is written, so one item holding what `->>` cannot read (a `\u0000`, a lone surrogate)
 * is refused on its own write instead of breaking every later query over the table (`json` is checked only
 * when read). jsonb orders attributes its own way; items are compared by content, never by order.
 */
const SCHEMA = `
create table if not exists items (
  table_name text not null,
  pk text not null,
  sk text not null,
  item jsonb not null,
  primary key (table_name, pk, sk)
);
create table if not exists changes (
  seq bigserial primary key,
  table_name text not null,
  pk text not null,
  sk text not null,
  event_name text not null,
  old_image json,
  new_image json,
  created_at timestamptz not null
);
create index if not exists changes_by_table on changes (table_name, seq);
create table if not exists checkpoints (
  consumer text primary key,
  seq bigint not null
);
create table if not exists archive (
  seq bigserial primary key,
  bus text not null,
  event_id text not null,
  time timestamptz not null,
  event json not null,
  archived_at timestamptz not null default now()
);
create index if not exists archive_by_time on archive (time);
create index if not exists archive_by_archived_at on archive (archived_at);
create table if not exists messages (
  seq bigserial primary key,
  id text not null unique,
  queue text not null,
  body text not null,
  md5_of_body text not null,
  sent_at bigint not null,
  visible_at bigint not null,
  receive_count int not null default 0,
  first_received_at bigint,
  source_queue text,
  last_error text
);
-- In each queue's order: a receive walks it from the oldest and stops after a batch of visible ones (it sorted every
-- visible message of the queue on (queue, visible_at, seq), the whole backlog under load), and a receive's update
-- of visible_at changes no indexed column, so PostgreSQL updates the row in place (HOT), adding no index entries.
create index if not exists messages_in_queue_order on messages (queue, seq);
drop index if exists messages_by_queue;
create table if not exists meta (
  name text primary key,
  value text not null
);
`;

/**
 * The schema's version, derived from its text: a store stamped with it needs no migration, so opening it is one
 * query instead of a dozen (the catalog lookups below cost most of a second of a CLI command's open).
 */
const SCHEMA_VERSION = createHash('sha256').update(SCHEMA).digest('hex').slice(0, 16);

export async function migrate(db: PGlite): Promise<void> {
  if ((await stampedVersion(db)) === SCHEMA_VERSION && (await itemColumnType(db)) === 'jsonb') return;
  // Stores made before `archived_at` existed: their events count as archived now (kept a full retention).
  await db.exec(
    `alter table if exists archive add column if not exists archived_at timestamptz not null default now()`,
  );
  await db.exec(SCHEMA);
  await migrateItemsToJsonb(db);
  await db.query(
    `insert into meta (name, value) values ('schema-version', $1)
     on conflict (name) do update set value = excluded.value`,
    [SCHEMA_VERSION],
  );
}

/** The type of the items' `item` column, from the catalog (information_schema's views cost far more to ask). */
async function itemColumnType(db: PGlite): Promise<string | undefined> {
  const column = await db.query<{ type: string }>(
    `select atttypid::regtype::text as type from pg_attribute
     where attrelid = to_regclass('items') and attname = 'item' and not attisdropped`,
  );
  return column.rows[0]?.type;
}

/** The version a store was last migrated to (none for a new store, or one made before versions were kept). */
async function stampedVersion(db: PGlite): Promise<string | undefined> {
  const meta = await db.query<{ found: string | null }>(`select to_regclass('meta')::text as found`);
  if (!meta.rows[0]?.found) return undefined;
  const stamped = await db.query<{ value: string }>(`select value from meta where name = 'schema-version'`);
  return stamped.rows[0]?.value;
}

/**
 * Stores made when items were `json` move to `jsonb`. An old item holding text jsonb refuses (NUL, a lone
 * surrogate: what broke queries) is rewritten with U+FFFD in its place, the replacement character, rather than
 * dropped: nothing stored is lost, and every item becomes readable.
 */
async function migrateItemsToJsonb(db: PGlite): Promise<void> {
  if ((await itemColumnType(db)) !== 'json') return;
  await db.transaction(async (tx) => {
    const rows = await tx.query<{ table_name: string; pk: string; sk: string; item: string }>(
      'select table_name, pk, sk, item::text as item from items',
    );
    await tx.exec('alter table items alter column item type text');
    for (const row of rows.rows) {
      const repaired = JSON.stringify(replaceRefusedText(JSON.parse(row.item)));
      await tx.query('update items set item = $4 where table_name = $1 and pk = $2 and sk = $3', [
        row.table_name,
        row.pk,
        row.sk,
        repaired,
      ]);
    }
    await tx.exec('alter table items alter column item type jsonb using item::jsonb');
  });
}

function replaceRefusedText(value: unknown): unknown {
  if (typeof value === 'string') return toAcceptedText(value);
  if (Array.isArray(value)) return value.map(replaceRefusedText);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([name, inner]) => [replaceRefusedText(name), replaceRefusedText(inner)]),
    );
  }
  return value;
}
