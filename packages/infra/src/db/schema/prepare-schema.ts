import type { Kysely } from 'kysely';

import type { Logger } from '@proj/application';

import { readMigrationStatus, type MigrationStatus } from './migration-status.js';
import { migrateToLatest, type MigrationOptions } from './migrator.js';

/** The database schema and this build disagree; the server must not start on it. */
export class SchemaMismatchError extends Error {
  override name = 'SchemaMismatchError';
}

/**
 * @throws SchemaMismatchError when the database has migrations this build does not know: running
 *   on a schema written by a newer build could corrupt data, and no `down` can be run for them.
 */
export function assertNoUnknownMigrations(status: MigrationStatus): void {
  if (status.unknown.length === 0) return;
  const names = status.unknown.map((migration) => migration.name).join(', ');
  throw new SchemaMismatchError(
    `the database has migrations this build does not know (${names}): deploy the build that has them, or roll them back with it`,
  );
}

/**
 * Brings the schema to what this build expects before serving: refuses a database that has
 * migrations this build does not know (a newer build ran), and applies pending migrations only
 * when allowed.
 * @throws SchemaMismatchError
 * @throws MigrationFailedError
 */
export async function prepareSchema(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  options: MigrationOptions & { readonly migrateOnStart: boolean; readonly logger: Logger },
): Promise<void> {
  const status = await readMigrationStatus(db, options);
  assertNoUnknownMigrations(status);
  if (status.pending.length === 0) return;
  if (!options.migrateOnStart) {
    throw new SchemaMismatchError(
      `${status.pending.length} pending migration(s) (${status.pending.join(', ')}) and PROJ_MIGRATE_ON_START is false: run the migrate command first (\`pnpm db:migrate\` from a clone, \`node dist/cli/db.js migrate\` in the image)`,
    );
  }
  options.logger.info('migrations applied', { migrations: await migrateToLatest(db, options) });
}
