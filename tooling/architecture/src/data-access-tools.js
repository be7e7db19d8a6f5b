// One query builder and one migration system: the workspace reaches PostgreSQL through Kysely over
// pg and migrates with Kysely's migrator (decisions 0003, 0091). A second ORM, query builder,
// database client with its own query API, or migration tool declared by any package would give the
// service two ways into the database and two schema histories, so the manifests are checked too:
// dependency-cruiser sees imports, not what a package declares and might use from a script.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { workspacePackageDirs } from '@proj/packaging/workspace';

const DATA_ACCESS_RULE = 'one-query-builder-and-one-migration-system';

const ORM = 'a second ORM';
const QUERY_BUILDER = 'a second query builder';
const CLIENT = 'a second database client with its own query API';
const MIGRATIONS = 'a second migration tool';

/** Packages refused by name; a name ending in `/` refuses the whole scope. */
const REFUSED_DATA_ACCESS_PACKAGES = new Map([
  ['prisma', ORM],
  ['@prisma/', ORM],
  ['typeorm', ORM],
  ['@nestjs/typeorm', ORM],
  ['sequelize', ORM],
  ['sequelize-typescript', ORM],
  ['@nestjs/sequelize', ORM],
  ['@mikro-orm/', ORM],
  ['@nestjs/mikro-orm', ORM],
  ['objection', ORM],
  ['bookshelf', ORM],
  ['waterline', ORM],
  ['orange-orm', ORM],
  ['massive', ORM],
  ['mongoose', ORM],
  ['drizzle-orm', ORM],
  ['knex', QUERY_BUILDER],
  ['squel', QUERY_BUILDER],
  ['sql-bricks', QUERY_BUILDER],
  ['slonik', QUERY_BUILDER],
  ['zapatos', QUERY_BUILDER],
  ['@pgtyped/', QUERY_BUILDER],
  ['@supabase/supabase-js', QUERY_BUILDER],
  ['@supabase/postgrest-js', QUERY_BUILDER],
  ['pg-promise', CLIENT],
  ['postgres', CLIENT],
  ['@databases/pg', CLIENT],
  ['node-pg-migrate', MIGRATIONS],
  ['db-migrate', MIGRATIONS],
  ['db-migrate-pg', MIGRATIONS],
  ['umzug', MIGRATIONS],
  ['postgres-migrations', MIGRATIONS],
  ['graphile-migrate', MIGRATIONS],
  ['drizzle-kit', MIGRATIONS],
  ['sequelize-cli', MIGRATIONS],
  ['knex-migrator', MIGRATIONS],
  ['@databases/pg-migrations', MIGRATIONS],
  ['ley', MIGRATIONS],
  ['postgres-shift', MIGRATIONS],
  ['migrate', MIGRATIONS],
]);

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** What `name` is, if the workspace refuses it, else `undefined`. */
export function refusedDataAccessPackage(name) {
  if (REFUSED_DATA_ACCESS_PACKAGES.has(name)) return REFUSED_DATA_ACCESS_PACKAGES.get(name);
  const scope = name.startsWith('@') ? `${name.split('/')[0]}/` : undefined;
  return scope === undefined ? undefined : REFUSED_DATA_ACCESS_PACKAGES.get(scope);
}

/**
 * The refused packages a manifest declares, one line each:
 * `error one-query-builder-and-one-migration-system: <label> declares knex in dependencies (a second query builder) …`.
 */
export function dataAccessViolations(manifest, label) {
  return DEPENDENCY_FIELDS.flatMap((field) =>
    Object.keys(manifest[field] ?? {})
      .sort()
      .flatMap((name) => {
        const what = refusedDataAccessPackage(name);
        if (what === undefined) return [];
        return [
          `error ${DATA_ACCESS_RULE}: ${label} declares ${name} in ${field} (${what}). ` +
            "The workspace reaches PostgreSQL through Kysely over pg and migrates with Kysely's migrator; " +
            'a change of tool is a decision record and a migration of every use, not a second tool beside the first.',
        ];
      }),
  );
}

/** Refused packages declared by the root manifest or any workspace package. */
export function workspaceDataAccessViolations(root) {
  return ['.', ...workspacePackageDirs(root)].flatMap((dir) => {
    const label = dir === '.' ? 'package.json' : `${dir}/package.json`;
    return dataAccessViolations(JSON.parse(readFileSync(join(root, label), 'utf8')), label);
  });
}
