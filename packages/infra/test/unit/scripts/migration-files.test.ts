import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';

import {
  createMigration,
  InvalidMigrationNameError,
  isMigrationIndexCurrent,
  listMigrations,
  writeMigrationIndex,
} from '../../../scripts/migration-files.js';
import { MIGRATIONS_DIR } from '../../../scripts/paths.js';
import { migrations } from '../../../src/db/migrations/index.js';

describe('migration files', () => {
  describe('the committed migrations folder', () => {
    it('has an index listing exactly its migration files, as `pnpm db:new` writes it', () => {
      expect(Object.keys(migrations)).to.deep.equal(listMigrations(MIGRATIONS_DIR));
      expect(
        isMigrationIndexCurrent(MIGRATIONS_DIR),
        'src/db/migrations/index.ts was edited by hand or is stale: run `pnpm db:new --index`',
      ).to.equal(true);
    });
  });

  describe('createMigration (pnpm db:new)', () => {
    let dir: string;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'proj-migrations-'));
      writeFileSync(join(dir, '20261122000000_create_users.ts'), '');
      writeMigrationIndex(dir);
    });

    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('writes a timestamped file with up and down and adds it to the index, in order', () => {
      const name = createMigration(dir, 'add_users_last_login', new Date('2026-12-01T10:20:30.456Z'));
      expect(name).to.equal('20261201102030_add_users_last_login');
      const file = readFileSync(join(dir, `${name}.ts`), 'utf8');
      expect(file)
        .to.match(/export async function up\(db: Kysely<any>\)/)
        .and.match(/export async function down\(db: Kysely<any>\)/);
      const index = readFileSync(join(dir, 'index.ts'), 'utf8');
      expect(index).to.contain("import * as addUsersLastLogin from './20261201102030_add_users_last_login.js';");
      expect(index.indexOf("'20261122000000_create_users': createUsers,"))
        .to.be.greaterThan(0)
        .and.lessThan(index.indexOf("'20261201102030_add_users_last_login': addUsersLastLogin,"));
      expect(isMigrationIndexCurrent(dir)).to.equal(true);
    });

    it('names the migration after the newest one when the clock is behind it', () => {
      expect(createMigration(dir, 'late', new Date('2020-01-01T00:00:00Z'))).to.equal('20261122000001_late');
    });

    it('gives two migrations with the same name part distinct identifiers', () => {
      createMigration(dir, 'create_users', new Date('2026-12-01T00:00:00Z'));
      const index = readFileSync(join(dir, 'index.ts'), 'utf8');
      expect(index)
        .to.contain("'20261122000000_create_users': createUsers,")
        .and.contain("'20261201000000_create_users': createUsers20261201000000,");
    });

    for (const bad of ['AddColumn', 'add-column', '1st', '', 'x'.repeat(64)]) {
      it(`refuses the name ${JSON.stringify(bad.length > 20 ? `${bad.slice(0, 5)}…` : bad)} and writes nothing`, () => {
        expect(() => createMigration(dir, bad, new Date())).to.throw(InvalidMigrationNameError, /lower snake case/);
        expect(listMigrations(dir)).to.deep.equal(['20261122000000_create_users']);
      });
    }
  });
});
