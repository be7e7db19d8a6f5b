import { sql, type Kysely } from 'kysely';

import type { Logger } from '@proj/application';

import { createMigrator, migrateToLatest } from './migrator.js';

/** The database schema and this build disagree; the server must not start on it. */
export class SchemaMismatchError extends Error {
  override name = 'SchemaMismatchError';
}

/**
 * Brings the schema to what this build expects before serving: refuses a database that has
 * migrations this build does not know (a newer build ran), and applies pending migrations only
 * when allowed.
 * @throws SchemaMismatchError
 * @throws MigrationFailedError
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function prepareSchema(db: Kysely<any>, options: { readonly migrateOnStart: boolean; readonly logger: Logger }): Promise<void> {
  const migrations = await createMigrator(db).getMigrations();
  const known = new Set(migrations.map((m) => m.name));
  const unknown = (await appliedMigrationNames(db)).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new SchemaMismatchError(`the database has migrations this build does not know (${unknown.join(', ')}): deploy a newer build or roll back`);
  }
  const pending = migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
  if (pending.length === 0) return;
  if (!options.migrateOnStart) {
    throw new SchemaMismatchError(`${pending.length} pending migration(s) (${pending.join(', ')}) and PROJ_MIGRATE_ON_START is false: run \`pnpm db:migrate\` first`);
  }
  options.logger.info('migrations applied', { migrations: await migrateToLatest(db) });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function appliedMigrationNames(db: Kysely<any>): Promise<string[]> {
  const exists = await sql<{ present: boolean }>`select to_regclass('schema_migrations') is not null as present`.execute(db);
  if (!exists.rows[0]?.present) return [];
  const { rows } = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db);
  return rows.map((row) => row.name);
}
