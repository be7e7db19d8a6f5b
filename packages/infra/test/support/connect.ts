import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

/**
 * An untyped Kysely over a small pool of its own, for tests of the schema itself. An idle
 * connection closed by the server (a dropped database, a shutdown) is dropped from the pool
 * instead of crashing the run as an unhandled 'error' event.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function connectTo(url: string, max = 4): Kysely<any> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}
