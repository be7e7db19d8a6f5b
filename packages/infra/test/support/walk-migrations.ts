import { inspect } from 'node:util';

import type { Kysely } from 'kysely';

import { createMigrator, type MigrationList } from '../../src/index.js';
import { describeSchema } from '../../src/testing/index.js';

/** The schema around one migration as `walkMigrations` saw it. */
export interface MigrationRoundTrip {
  readonly name: string;
  readonly before: string;
  readonly afterUp: string;
  readonly afterDown: string;
  readonly afterUpAgain: string;
}

/**
 * From an empty database, takes each migration in turn up -> down -> up, describing the schema at
 * every step. A reversible migration has `afterDown === before` and `afterUpAgain === afterUp`.
 * A second `up` that fails (because `down` left something behind) is recorded in `afterUpAgain`
 * and ends the walk.
 * @throws when a first `up` or a `down` fails, naming the migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function walkMigrations(db: Kysely<any>, migrations: MigrationList): Promise<MigrationRoundTrip[]> {
  const migrator = createMigrator(db, { migrations });
  const step = async (name: string, direction: 'up' | 'down'): Promise<string> => {
    const { error } = direction === 'up' ? await migrator.migrateUp() : await migrator.migrateDown();
    if (error !== undefined)
      throw new Error(`${name}: ${direction} failed: ${error instanceof Error ? error.message : inspect(error)}`, { cause: error });
    return describeSchema(db);
  };
  const trips: MigrationRoundTrip[] = [];
  for (const name of Object.keys(migrations).sort()) {
    const before = await describeSchema(db);
    const afterUp = await step(name, 'up');
    const afterDown = await step(name, 'down');
    const afterUpAgain = await step(name, 'up').catch((error: unknown) => `up again failed: ${(error as Error).message}`);
    trips.push({ name, before, afterUp, afterDown, afterUpAgain });
    if (afterUpAgain !== afterUp) break;
  }
  return trips;
}
