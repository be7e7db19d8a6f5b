// `pnpm db:new <name>`: a timestamped migration file with `up` and `down`, added to the index.
import { join, relative } from 'node:path';

import { createMigration, formatTimestamp, InvalidMigrationNameError, writeMigrationIndex } from './migration-files.js';
import { MIGRATIONS_DIR as migrationsDir } from './paths.js';

const [name, ...extra] = process.argv.slice(2);

if (name === undefined || extra.length > 0) {
  console.error('usage: pnpm db:new <name>   (lower snake case, e.g. add_users_last_login)');
  console.error('       pnpm db:new --index  (only rewrite index.ts from the files, e.g. after deleting one)');
  process.exit(2);
}
if (name === '--index') {
  writeMigrationIndex(migrationsDir);
  console.log(`rewrote ${join(relative(process.cwd(), migrationsDir), 'index.ts')}`);
  process.exit(0);
}
try {
  const now = new Date();
  const migration = createMigration(migrationsDir, name, now);
  const where = relative(process.cwd(), migrationsDir) || '.';
  console.log(`created ${join(where, `${migration}.ts`)} and added it to ${join(where, 'index.ts')}`);
  if (migration.slice(0, 14) !== formatTimestamp(now))
    console.log(`dated 1 s after the newest migration, not now (${formatTimestamp(now)} UTC), so that it applies last`);
  console.log('write its up() and down(), then run pnpm db:migrate, pnpm db:codegen and pnpm db:snapshot');
} catch (error) {
  if (!(error instanceof InvalidMigrationNameError)) throw error;
  console.error(error.message);
  process.exit(2);
}
