// Regenerates src/db/database.gen.ts from a throwaway database migrated to head, or with
// `--check` fails when the committed file differs from what the migrations produce.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startTestPostgres } from '../src/testing/test-postgres.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(packageDir, 'src', 'db', 'database.gen.ts');
const check = process.argv.includes('--check');

const server = await startTestPostgres(process.env);
let status = 1;
try {
  const database = await server.createDatabase();
  try {
    const result = spawnSync(
      'kysely-codegen',
      ['--dialect', 'postgres', '--url', database.url, '--out-file', outFile, '--exclude-pattern', 'schema_migrations*', '--runtime-enums', 'false', ...(check ? ['--verify'] : [])],
      { cwd: packageDir, stdio: 'inherit', env: { ...process.env, PATH: `${join(packageDir, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` } },
    );
    status = result.status ?? 1;
  } finally {
    await database.drop();
  }
} finally {
  await server.stop();
}
if (check && status !== 0) console.error('src/db/database.gen.ts is out of date with the migrations: run `pnpm db:codegen`.');
process.exit(status);
