// One query builder and one migration system: this repository declares no second ORM, query builder
// or migration tool in any manifest, and a fixture workspace that declares several is refused, each
// on its own line naming the manifest, the package and the field.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import { workspacePackageDirs } from '@proj/packaging/workspace';

import { dataAccessViolations, refusedDataAccessPackage, workspaceDataAccessViolations } from '../src/data-access-tools.js';

const here = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = join(here, '..', '..', '..');
const fixture = join(here, 'fixtures', 'second-data-access-tool');

describe('one query builder and one migration system', () => {
  it('holds for every manifest of this repository (Kysely over pg, Kysely migrations)', () => {
    expect(workspacePackageDirs(repositoryRoot)).to.include.members(['packages/infra', 'apps/server', 'tooling/architecture']);
    expect(workspaceDataAccessViolations(repositoryRoot)).to.deep.equal([]);
  });

  it('refuses a fixture workspace that declares a second ORM, query builder and migration tools, wherever they are declared', () => {
    expect(workspacePackageDirs(fixture)).to.deep.equal(['apps/server', 'packages/infra', 'tooling/db']);
    const lines = workspaceDataAccessViolations(fixture);
    expect(lines.map((line) => line.replace(/\). .*$/, ')'))).to.deep.equal([
      'error one-query-builder-and-one-migration-system: package.json declares prisma in devDependencies (a second ORM)',
      'error one-query-builder-and-one-migration-system: packages/infra/package.json declares knex in dependencies (a second query builder)',
      'error one-query-builder-and-one-migration-system: tooling/db/package.json declares @mikro-orm/core in devDependencies (a second ORM)',
      'error one-query-builder-and-one-migration-system: tooling/db/package.json declares node-pg-migrate in devDependencies (a second migration tool)',
      'error one-query-builder-and-one-migration-system: tooling/db/package.json declares umzug in optionalDependencies (a second migration tool)',
    ]);
    expect(lines[0]).to.match(/Kysely over pg/);
  });

  it('allows Kysely, its code generator, pg and its types, and refuses by scope where a tool is a family of packages', () => {
    for (const allowed of ['kysely', 'kysely-codegen', 'pg', '@types/pg', 'postgres-array', '@prisma-like/x', 'redis']) {
      expect(refusedDataAccessPackage(allowed), allowed).to.equal(undefined);
    }
    expect(refusedDataAccessPackage('@prisma/client')).to.equal('a second ORM');
    expect(refusedDataAccessPackage('@mikro-orm/postgresql')).to.equal('a second ORM');
    expect(refusedDataAccessPackage('drizzle-kit')).to.equal('a second migration tool');
    expect(dataAccessViolations({ peerDependencies: { typeorm: '*' } }, 'x/package.json')).to.have.length(1);
    expect(dataAccessViolations({}, 'x/package.json')).to.deep.equal([]);
  });
});
