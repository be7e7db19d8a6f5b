import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Settings operators change while the service runs (e.g. rate_limit_per_minute), read through
  // a fail-soft TTL cache. Values are JSON and validated by the reader.
  await db.schema
    .createTable('runtime_settings')
    .addColumn('key', 'text', (col) => col.primaryKey().check(sql`key ~ '^[a-z][a-z0-9_]{0,63}$'`))
    .addColumn('value', 'jsonb', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('runtime_settings').execute();
}
