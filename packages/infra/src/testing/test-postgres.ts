import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';

import { migrateToLatest } from '../db/schema/migrator.js';
import { EmbeddedPostgres } from '../dev/embedded-postgres.js';

/** A database of its own for one test suite, migrated to the latest schema. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Runs one SQL statement on this database, for assertions about what was stored. */
  query<Row>(text: string, values?: readonly unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
}

/** A PostgreSQL server for a test run, either given or started for the run. */
export interface TestPostgres {
  /**
   * A fresh database of its own, cloned from a template migrated to the latest schema: cheap
   * enough for one per suite, and safe to call concurrently. With `{ empty: true }`, a database
   * with no schema and no migration history, for tests of the migrations themselves.
   */
  createDatabase(options?: { readonly empty?: boolean }): Promise<TestDatabase>;
  /** Drops the template and, when this run started the server, stops and removes it. */
  stop(): Promise<void>;
}

/**
 * Uses the server at `PROJ_TEST_DATABASE_URL` when set (databases are created and dropped on it,
 * nothing else is touched); otherwise starts a throwaway embedded PostgreSQL in a temporary
 * directory, so the suite also runs on a machine with no PostgreSQL installed.
 */
export async function startTestPostgres(env: Readonly<Record<string, string | undefined>>): Promise<TestPostgres> {
  const given = env.PROJ_TEST_DATABASE_URL;
  let embedded: { server: EmbeddedPostgres; dir: string } | undefined;
  let adminUrl: string;
  if (given) {
    adminUrl = given;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'proj-test-pg-'));
    const server = await EmbeddedPostgres.start({ dataDir: dir, ephemeral: true });
    embedded = { server, dir };
    adminUrl = server.url;
  }

  const run = `${process.pid.toString(36)}_${randomBytes(4).toString('hex')}`;
  const template = `proj_test_${run}_template`;
  let counter = 0;
  await withAdmin(adminUrl, (db) => sql`create database ${sql.id(template)}`.execute(db));
  const templateDb = new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: withDatabase(adminUrl, template), max: 1 }) }),
  });
  try {
    await migrateToLatest(templateDb);
  } finally {
    await templateDb.destroy();
  }

  return {
    async createDatabase(options: { readonly empty?: boolean } = {}): Promise<TestDatabase> {
      counter += 1;
      const name = `proj_test_${run}_${counter}`;
      // template0 is PostgreSQL's pristine template: nothing anyone added to template1.
      const source = options.empty ? 'template0' : template;
      await withAdmin(adminUrl, (db) => sql`create database ${sql.id(name)} template ${sql.id(source)}`.execute(db));
      const url = withDatabase(adminUrl, name);
      return {
        name,
        url,
        async query<Row>(text: string, values: readonly unknown[] = []): Promise<Row[]> {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            return (await client.query(text, [...values])).rows as Row[];
          } finally {
            await client.end();
          }
        },
        drop: () =>
          withAdmin(adminUrl, (db) => sql`drop database if exists ${sql.id(name)} with (force)`.execute(db)).then(() => undefined),
      };
    },
    async stop(): Promise<void> {
      await withAdmin(adminUrl, (db) => sql`drop database if exists ${sql.id(template)} with (force)`.execute(db));
      if (embedded) {
        await embedded.server.stop();
        rmSync(embedded.dir, { recursive: true, force: true });
      }
    },
  };
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withAdmin<T>(url: string, work: (db: Kysely<unknown>) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  // A connection the server closes (it is shutting down) must not crash the run as an unhandled event.
  pool.on('error', () => undefined);
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}
