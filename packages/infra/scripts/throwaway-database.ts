// A database migrated to head that exists only while `work` runs, on the configured server.
import { loadSettings } from '../src/settings/load-settings.js';
import { startTestPostgres } from '../src/testing/test-postgres.js';

/**
 * Creates the database on the server of `PROJ_DATABASE_URL` (its role needs CREATEDB) or, when
 * that is unset, on a temporary embedded PostgreSQL; drops it (and stops that server) afterwards.
 */
export async function withThrowawayDatabase<T>(
  env: Readonly<Record<string, string | undefined>>,
  work: (url: string) => Promise<T>,
): Promise<T> {
  const settings = loadSettings(env);
  const server = await startTestPostgres({ PROJ_TEST_DATABASE_URL: settings.database.url });
  try {
    const database = await server.createDatabase();
    try {
      return await work(database.url);
    } finally {
      await database.drop();
    }
  } finally {
    await server.stop();
  }
}
