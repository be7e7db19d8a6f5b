import { Migrator, type Kysely, type Migration, type MigrationResult, type MigrationResultSet } from 'kysely';

import { migrations as knownMigrations } from '../migrations/index.js';

/** The migrations a migrator knows, by name; names sort in the order they apply. */
export type MigrationList = Readonly<Record<string, Migration>>;

/** Which migrations to use; every function takes it so tests can supply their own list. */
export interface MigrationOptions {
  /** Defaults to the migrations compiled into this build. */
  readonly migrations?: MigrationList;
}

/**
 * A migration run that failed. Kysely runs one call's migrations in a single PostgreSQL
 * transaction, so the failing migration's changes and those of the migrations before it in the
 * same run were all rolled back: the schema and the history are as they were before the call.
 */
export class MigrationFailedError extends Error {
  override name = 'MigrationFailedError';

  constructor(
    /** The migration whose `up` or `down` threw. */
    readonly migrationName: string,
    /** Migrations of the same run that had succeeded and were rolled back with it. */
    readonly rolledBack: readonly string[],
    options: ErrorOptions,
  ) {
    const alsoRolledBack = rolledBack.length > 0 ? ` (also rolled back: ${rolledBack.join(', ')})` : '';
    super(`migration ${migrationName} failed: ${describeCause(options.cause)}; nothing of this run was applied${alsoRolledBack}`, options);
  }
}

/** Kysely's Migrator over the given migrations, with the history in `schema_migrations`. */
// Migrations act on whatever schema exists when they run, so the database is untyped here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createMigrator(db: Kysely<any>, options: MigrationOptions = {}): Migrator {
  const list = options.migrations ?? knownMigrations;
  return new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...list }) },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
}

/**
 * Applies every pending migration, all in one transaction. Concurrent callers, in this process or
 * another, are serialised by the migrator's PostgreSQL advisory lock; the later one finds nothing
 * pending.
 * @returns the names of the migrations this call applied, in order.
 * @throws MigrationFailedError naming the failing migration; nothing of the run is applied.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>, options: MigrationOptions = {}): Promise<string[]> {
  return succeeded(await createMigrator(db, options).migrateToLatest());
}

export interface RollbackOptions extends MigrationOptions {
  /**
   * Roll back every migration applied after this one, which stays applied. Without it, only the
   * last applied migration is rolled back.
   */
  readonly to?: string;
}

/** `rollbackMigrations` was asked for something a rollback cannot do. */
export class RollbackTargetError extends Error {
  override name = 'RollbackTargetError';
}

/**
 * Rolls back the last applied migration, or every one after `to`, in one transaction, under the
 * same lock as `migrateToLatest`. It never applies anything.
 * @returns the names of the migrations rolled back, newest first (empty when none was applied).
 * @throws RollbackTargetError when `to` is not an applied migration.
 * @throws MigrationFailedError naming the migration whose `down` failed; nothing is rolled back.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function rollbackMigrations(db: Kysely<any>, options: RollbackOptions = {}): Promise<string[]> {
  const migrator = createMigrator(db, options);
  if (options.to === undefined) return succeeded(await migrator.migrateDown());
  const target = (await migrator.getMigrations()).find((migration) => migration.name === options.to);
  if (target === undefined) throw new RollbackTargetError(`no migration is named ${options.to}`);
  // Kysely's migrateTo would apply a pending target; a rollback must only go down.
  if (target.executedAt === undefined) throw new RollbackTargetError(`${options.to} is not applied, so there is nothing to roll back to`);
  return succeeded(await migrator.migrateTo(options.to));
}

function succeeded({ error, results = [] }: MigrationResultSet): string[] {
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    const before = results.filter((result) => result.status === 'Success').map(nameOf);
    throw new MigrationFailedError(failed?.migrationName ?? '(before any migration ran)', before, { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map(nameOf);
}

function nameOf(result: MigrationResult): string {
  return result.migrationName;
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? `${cause.message} (SQLSTATE ${code})` : cause.message;
  }
  return String(cause);
}
