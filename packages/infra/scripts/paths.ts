// Where the database tooling reads and writes, relative to this package.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MIGRATIONS_DIR = join(PACKAGE_DIR, 'src', 'db', 'migrations');
/** kysely-codegen's output: the typed tables repositories use. */
export const GENERATED_TYPES_FILE = join(PACKAGE_DIR, 'src', 'db', 'schema', 'database.gen.ts');
/** `describeSchema` of a database migrated to head, written by `pnpm db:snapshot`. */
export const SCHEMA_SNAPSHOT_FILE = join(PACKAGE_DIR, 'src', 'db', 'schema', 'schema-snapshot.txt');
