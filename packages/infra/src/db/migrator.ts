import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';

import { migrations } from './migrations/index.js';

/** A migration that failed; its own changes were rolled back with its transaction. */
export class MigrationFailedError extends Error {
  constructor(
    readonly migrationName: string,
    options: ErrorOptions,
  ) {
    super(`Migration ${migrationName} failed: ${describeCause(options.cause)}`, options);
    this.name = 'MigrationFailedError';
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...migrations }) },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
}

/**
 * Applies every pending migration. Concurrent callers are serialised by the migrator's lock.
 * @returns the names of the migrations applied by this call.
 * @throws MigrationFailedError naming the failing migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return applied(await createMigrator(db).migrateToLatest());
}

function applied({ error, results = [] }: MigrationResultSet): string[] {
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    throw new MigrationFailedError(failed?.migrationName ?? '(unknown)', { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
