// The migration files and their generated index: what `pnpm db:new` writes.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MIGRATION_FILE = /^(\d{14})_([a-z][a-z0-9_]*)\.ts$/;
const NAME = /^[a-z][a-z0-9_]{0,62}$/;
export const INDEX_FILE = 'index.ts';

/** A name `db:new` refuses: not lower snake case, or too long. */
export class InvalidMigrationNameError extends Error {
  override name = 'InvalidMigrationNameError';
}

/** The migration names in `dir`, sorted (the order Kysely applies them in). */
export function listMigrations(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => MIGRATION_FILE.test(file))
    .map((file) => file.slice(0, -'.ts'.length))
    .sort();
}

/**
 * Writes `<timestamp>_<name>.ts` from the template and regenerates the index. The timestamp is
 * `now` in UTC to the second, moved past the newest existing migration when the clock is behind
 * it, because migrations apply in name order and a new one must come last.
 * @returns the new migration's name.
 * @throws InvalidMigrationNameError
 */
export function createMigration(dir: string, name: string, now: Date): string {
  if (!NAME.test(name)) {
    throw new InvalidMigrationNameError(
      `"${name}" is not a migration name: use lower snake case, e.g. add_users_last_login (at most 63 characters)`,
    );
  }
  const existing = listMigrations(dir);
  const newest = existing.at(-1)?.slice(0, 14);
  let timestamp = formatTimestamp(now);
  if (newest !== undefined && timestamp <= newest) timestamp = formatTimestamp(new Date(parseTimestamp(newest).getTime() + 1000));
  const migration = `${timestamp}_${name}`;
  const file = join(dir, `${migration}.ts`);
  if (existsSync(file)) throw new InvalidMigrationNameError(`${file} already exists`);
  writeFileSync(file, migrationTemplate(migration));
  writeMigrationIndex(dir);
  return migration;
}

/** Regenerates `index.ts` from the migration files in `dir`. */
export function writeMigrationIndex(dir: string): void {
  writeFileSync(join(dir, INDEX_FILE), renderMigrationIndex(listMigrations(dir)));
}

/** True when `index.ts` is exactly what `writeMigrationIndex` would write. */
export function isMigrationIndexCurrent(dir: string): boolean {
  return readFileSync(join(dir, INDEX_FILE), 'utf8') === renderMigrationIndex(listMigrations(dir));
}

export function renderMigrationIndex(names: readonly string[]): string {
  const identifiers = new Map<string, string>();
  for (const name of names) {
    const camel = camelCase(name.slice(15));
    identifiers.set(name, [...identifiers.values()].includes(camel) ? `${camel}${name.slice(0, 14)}` : camel);
  }
  const imports = names.map((name) => `import * as ${identifiers.get(name)} from './${name}.js';`);
  const entries = names.map((name) => `  '${name}': ${identifiers.get(name)},`);
  return `// Generated from the files in this folder by \`pnpm db:new\`; do not edit by hand.
import type { Migration } from 'kysely';

${imports.join('\n')}

/**
 * Every migration, by name. Names sort in the order they apply. A static list (rather than reading
 * the folder at run time) works the same from \`src\` under tsx and from \`dist\`.
 */
export const migrations: Readonly<Record<string, Migration>> = {
${entries.join('\n')}
};
`;
}

export function migrationTemplate(migration: string): string {
  return `import { sql, type Kysely } from 'kysely';

// \`down\` must undo exactly what \`up\` does: the reversible-migration test runs up -> down -> up
// against PostgreSQL and compares the schema each way. Migrations see the schema as it was when
// they were written, so they take \`Kysely<any>\`, not the generated types.
// Then: \`pnpm db:migrate\`, \`pnpm db:codegen\` (typed tables) and \`pnpm db:snapshot\` (schema snapshot).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql\`select 1\`.execute(db);
  throw new Error('${migration}: up is not written yet');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql\`select 1\`.execute(db);
  throw new Error('${migration}: down is not written yet');
}
`;
}

function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** `date` in UTC to the second, as a migration name starts: `YYYYMMDDHHMMSS`. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function parseTimestamp(timestamp: string): Date {
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(timestamp) ?? [];
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}
