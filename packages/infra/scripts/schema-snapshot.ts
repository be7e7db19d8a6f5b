// `pnpm db:snapshot`: rewrites src/db/schema/schema-snapshot.txt, the normalised schema of a throwaway
// database migrated to head, which the reversible-migration test compares against.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

import { describeSchema } from '../src/testing/describe-schema.js';
import { SCHEMA_SNAPSHOT_FILE } from './paths.js';
import { withThrowawayDatabase } from './throwaway-database.js';

const schema = await withThrowawayDatabase(process.env, async (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  // The database is dropped with (force) right after: a connection still closing then gets a
  // "terminating connection" error, which must not crash the script as an unhandled event.
  pool.on('error', () => undefined);
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  try {
    return await describeSchema(db);
  } finally {
    await db.destroy();
  }
});
const file = relative(process.cwd(), SCHEMA_SNAPSHOT_FILE);
const unchanged = existsSync(SCHEMA_SNAPSHOT_FILE) && readFileSync(SCHEMA_SNAPSHOT_FILE, 'utf8') === schema;
writeFileSync(SCHEMA_SNAPSHOT_FILE, schema);
console.log(unchanged ? `${file} is up to date` : `wrote ${file}: review the difference and commit it`);
