import { sql, type Kysely } from 'kysely';

// Keyset pagination walks users by (created_at, id). Each page must be an index range scan, with
// or without the is_active filter, so both orders get a B-tree index.
//
// Cursors carry the creation time in milliseconds (a JavaScript Date). A stored time with
// microseconds would compare unequal to its own cursor and be returned twice, so the database
// holds creation times to millisecond precision: existing rows are truncated, the default is
// truncated, and a check keeps writes outside the application honest.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update users set created_at = date_trunc('milliseconds', created_at) where created_at <> date_trunc('milliseconds', created_at)`.execute(
    db,
  );
  await sql`alter table users alter column created_at set default date_trunc('milliseconds', now())`.execute(db);
  await sql`alter table users add constraint users_created_at_milliseconds_check check (created_at = date_trunc('milliseconds', created_at))`.execute(
    db,
  );
  await db.schema.createIndex('users_created_at_id_idx').on('users').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('users_is_active_created_at_id_idx').on('users').columns(['is_active', 'created_at', 'id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_is_active_created_at_id_idx').execute();
  await db.schema.dropIndex('users_created_at_id_idx').execute();
  await sql`alter table users drop constraint users_created_at_milliseconds_check`.execute(db);
  await sql`alter table users alter column created_at set default now()`.execute(db);
}
