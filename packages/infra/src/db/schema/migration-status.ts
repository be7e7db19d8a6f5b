import { sql, type Kysely } from 'kysely';

import { createMigrator, type MigrationOptions } from './migrator.js';

export interface AppliedMigration {
  readonly name: string;
  readonly appliedAt: Date;
}

/** Where a database stands against a list of migrations. */
export interface MigrationStatus {
  /** Known migrations recorded in the database's history, oldest first. */
  readonly applied: readonly AppliedMigration[];
  /** Known migrations not applied yet, in the order they would apply. */
  readonly pending: readonly string[];
  /** Migrations in the database's history that this build does not know (a newer build ran). */
  readonly unknown: readonly AppliedMigration[];
}

/** Reads the migration history without changing anything (no table is created). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readMigrationStatus(db: Kysely<any>, options: MigrationOptions = {}): Promise<MigrationStatus> {
  const known = await createMigrator(db, options).getMigrations();
  const knownNames = new Set(known.map((migration) => migration.name));
  const applied: AppliedMigration[] = [];
  const pending: string[] = [];
  for (const migration of known) {
    if (migration.executedAt === undefined) pending.push(migration.name);
    else applied.push({ name: migration.name, appliedAt: migration.executedAt });
  }
  const unknown = (await history(db)).filter((entry) => !knownNames.has(entry.name));
  return { applied, pending, unknown };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function history(db: Kysely<any>): Promise<AppliedMigration[]> {
  const exists = await sql<{ present: boolean }>`select to_regclass('schema_migrations') is not null as present`.execute(db);
  if (!exists.rows[0]?.present) return [];
  const { rows } = await sql<{ name: string; timestamp: string }>`select name, timestamp from schema_migrations order by name`.execute(db);
  return rows.map((row) => ({ name: row.name, appliedAt: new Date(row.timestamp) }));
}
