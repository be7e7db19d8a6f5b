import { setTimeout } from 'node:timers/promises';
import { parseArgs } from 'node:util';

import { sql } from 'kysely';

import type { Logger } from '@proj/application';
import { DependencyUnavailableError } from '@proj/application/errors';
import { UserId } from '@proj/domain';
import {
  assertNoUnknownMigrations,
  EmbeddingDimensionMismatchError,
  ensureEmbeddingDimension,
  KyselyArtifactRepository,
  KyselyAssignmentMarginService,
  KyselySubspaceRepository,
  KyselyUserRepository,
  mapUnavailable,
  migrateToLatest,
  MigrationFailedError,
  readMigrationStatus,
  rollbackMigrations,
  RollbackTargetError,
  SchemaMismatchError,
  type MigrationList,
  type Settings,
} from '@proj/infra';

import { connectDatabase, withoutPassword, type DatabaseConnection } from '../connect-database.js';
import { DEMO_CAPTURE_COUNTS, seedDemoCapture } from './demo-capture.js';
import { DEMO_USER_COUNT, DEMO_USER_EMAIL, DEMO_USER_ID, seedDemoUsers } from './demo-users.js';

export const DB_USAGE = `usage: pnpm db:<command>   (or, in a built image: node apps/server/dist/cli/db.js <command>)
  db:migrate [--wait SEC]  apply every pending migration (one transaction; serialised with other runners);
                           --wait retries the first connection for up to SEC seconds (a database still starting)
  db:rollback [--to NAME]  roll back the last migration, or every one applied after NAME
  db:status                list applied (with dates), pending and unknown migrations
  db:seed                  add the demo users, subspaces and artifacts that are missing (not in production)`;

export interface DbCommandContext {
  readonly settings: Settings;
  readonly logger: Logger;
  /** One line of the command's result. */
  readonly out: (line: string) => void;
  /** One line of an error or usage message. */
  readonly err: (line: string) => void;
  /** The migrations to use instead of this build's; for tests. */
  readonly migrations?: MigrationList;
}

/** A refusal with a message for the operator, and the exit code to end with. */
class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const WAIT_RETRY_MS = 500;

type OptionSpec = Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;
type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

interface Command {
  readonly options: OptionSpec;
  /** Why the command must not run with these settings, if it must not. */
  readonly refuse?: (settings: Settings) => string | undefined;
  /** Runs without a statement timeout: migrations may take longer than a request may. */
  readonly migrating: boolean;
  run(database: DatabaseConnection, options: OptionValues, context: DbCommandContext): Promise<void>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  migrate: { options: { wait: { type: 'string' } }, migrating: true, run: migrate },
  rollback: { options: { to: { type: 'string' } }, migrating: true, run: rollback },
  status: { options: {}, migrating: false, run: status },
  seed: {
    options: {},
    migrating: false,
    refuse: (settings) => (settings.env === 'production' ? 'seed loads demo data and does not run when PROJ_ENV is production' : undefined),
    run: seed,
  },
};

/**
 * Runs one database command against the configured database (`PROJ_DATABASE_URL`, or the embedded
 * PostgreSQL in development) and resolves with the process exit code: 0 done, 1 failed (the
 * message names the migration and the database error), 2 usage.
 */
export async function runDbCommand(argv: readonly string[], context: DbCommandContext): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    context.err(name === undefined || name === '--help' ? DB_USAGE : `unknown command "${name}"\n${DB_USAGE}`);
    return 2;
  }
  let options: OptionValues;
  try {
    options = parseArgs({ args: [...args], options: command.options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    context.err(`${(error as Error).message}\n${DB_USAGE}`);
    return 2;
  }
  const refusal = command.refuse?.(context.settings);
  if (refusal !== undefined) {
    context.err(`error: ${refusal}`);
    return 2;
  }
  let database: DatabaseConnection | undefined;
  try {
    database = await connectDatabase(context.settings, context.logger, command.migrating ? { statementTimeoutMs: 0 } : {});
    context.out(`database ${database.displayUrl}`);
    await command.run(database, options, context);
    return 0;
  } catch (error) {
    const where =
      context.settings.database.url === undefined
        ? `the embedded PostgreSQL in ${context.settings.database.dataDir}`
        : withoutPassword(context.settings.database.url);
    const { message, exitCode } = describeFailure(error, where);
    context.err(`error: ${message}`);
    return exitCode;
  } finally {
    await database?.dispose();
  }
}

async function migrate(database: DatabaseConnection, { wait }: OptionValues, context: DbCommandContext): Promise<void> {
  if (wait !== undefined) await waitForDatabase(database, parseWaitSeconds(wait), context);
  assertNoUnknownMigrations(await readMigrationStatus(database.db, context));
  const applied = await migrateToLatest(database.db, context);
  for (const name of applied) context.out(`applied  ${name}`);
  const { applied: all } = await readMigrationStatus(database.db, context);
  context.out(
    applied.length === 0
      ? `nothing to migrate: ${all.length} applied, latest ${all.at(-1)?.name ?? '(none)'}`
      : `${applied.length} migration(s) applied`,
  );
}

async function rollback(database: DatabaseConnection, { to }: OptionValues, context: DbCommandContext): Promise<void> {
  // A newer build's migrations must be rolled back by that build, which has their `down`.
  assertNoUnknownMigrations(await readMigrationStatus(database.db, context));
  const rolledBack = await rollbackMigrations(database.db, { ...context, ...(typeof to === 'string' ? { to } : {}) });
  for (const name of rolledBack) context.out(`rolled back  ${name}`);
  if (rolledBack.length === 0)
    context.out(
      to === undefined ? 'nothing to roll back: no migration is applied' : `nothing to roll back: ${String(to)} is the latest applied`,
    );
}

async function status(database: DatabaseConnection, _options: OptionValues, context: DbCommandContext): Promise<void> {
  const { applied, pending, unknown } = await readMigrationStatus(database.db, context);
  for (const migration of applied) context.out(`applied  ${migration.appliedAt.toISOString()}  ${migration.name}`);
  for (const name of pending) context.out(`pending  ${' '.repeat(24)}  ${name}`);
  for (const migration of unknown)
    context.out(`unknown  ${migration.appliedAt.toISOString()}  ${migration.name}  (applied by a build that is not this one)`);
  context.out(`${applied.length} applied, ${pending.length} pending${unknown.length > 0 ? `, ${unknown.length} unknown` : ''}`);
}

async function seed(database: DatabaseConnection, _options: OptionValues, context: DbCommandContext): Promise<void> {
  const current = await readMigrationStatus(database.db, context);
  assertNoUnknownMigrations(current);
  if (current.pending.length > 0)
    throw new CommandError(
      `${current.pending.length} pending migration(s): run the migrate command first (\`pnpm db:migrate\` from a clone, \`node dist/cli/db.js migrate\` in the image)`,
      1,
    );
  const users = new KyselyUserRepository(database.db);
  const { added, alreadyPresent } = await seedDemoUsers(users);
  context.out(`seeded ${DEMO_USER_COUNT} demo users: ${added} added, ${alreadyPresent} already present`);
  // Another user may hold the first demo user's e-mail (registered through the API, say): then the
  // demo id the capture data and the docs' examples belong to does not exist.
  if (!(await users.findById(UserId.of(DEMO_USER_ID)))) {
    context.out(
      `skipped the demo subspaces and artifacts: they belong to the first demo user, ${DEMO_USER_ID}, who is not there because another user has the e-mail ${DEMO_USER_EMAIL}`,
    );
    return;
  }
  const { db } = database;
  const dimension = context.settings.capture.embeddingDimension;
  await ensureEmbeddingDimension(db, dimension).catch((error: unknown) => {
    throw error instanceof EmbeddingDimensionMismatchError ? new CommandError(error.message, 1) : error;
  });
  const capture = await seedDemoCapture(
    {
      artifacts: new KyselyArtifactRepository(db),
      subspaces: new KyselySubspaceRepository(db),
      assignment: new KyselyAssignmentMarginService(db),
    },
    dimension,
  );
  context.out(
    `seeded ${DEMO_CAPTURE_COUNTS.subspaces} demo subspaces and ${DEMO_CAPTURE_COUNTS.artifacts} demo artifacts (${dimension}-dimension synthetic embeddings): ` +
      `${capture.subspaces + capture.artifacts} added, ${capture.alreadyPresent} already present`,
  );
}

function parseWaitSeconds(value: string | boolean): number {
  const seconds = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds <= 600)) throw new CommandError(`--wait must be a number of seconds from 0 to 600\n${DB_USAGE}`, 2);
  return seconds;
}

/** Retries a first query while the database refuses connections, for up to `seconds`. */
async function waitForDatabase(database: DatabaseConnection, seconds: number, context: DbCommandContext): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await sql`select 1`.execute(database.db);
      return;
    } catch (error) {
      if (!(mapUnavailable(error) instanceof DependencyUnavailableError) || Date.now() >= deadline) throw error;
      if (attempt === 1) context.out(`waiting up to ${seconds} s for the database to accept connections`);
      await setTimeout(WAIT_RETRY_MS);
    }
  }
}

function describeFailure(error: unknown, where: string): { message: string; exitCode: number } {
  if (error instanceof CommandError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof MigrationFailedError || error instanceof SchemaMismatchError || error instanceof RollbackTargetError) {
    return { message: error.message, exitCode: 1 };
  }
  const mapped = mapUnavailable(error);
  if (mapped instanceof DependencyUnavailableError) {
    const cause = error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code : String(error);
    return { message: `cannot reach the database (${where}): ${cause ?? 'unknown error'}`, exitCode: 1 };
  }
  // The stack's first line repeats the message (and pg's errors are named `error`): print it once.
  if (!(error instanceof Error)) return { message: String(error), exitCode: 1 };
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
  return { message: [error.message, ...frames].join('\n'), exitCode: 1 };
}
