import type { PGlite } from '@electric-sql/pglite';

/**
 * The local store's tables. Items and their change log live in one database so a change and its stream
 * record commit in the same transaction, the guarantee DynamoDB Streams gives. Items are `json` (not `jsonb`)
 * so attribute order survives a round trip, as it does in the in-memory store.
 */
const SCHEMA = `
create table if not exists items (
  table_name text not null,
  pk text not null,
  sk text not null,
  item json not null,
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
  event json not null
);
create index if not exists archive_by_time on archive (time);
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
create index if not exists messages_by_queue on messages (queue, visible_at, seq);
create table if not exists meta (
  name text primary key,
  value text not null
);
`;

export async function migrate(db: PGlite): Promise<void> {
  await db.exec(SCHEMA);
}
