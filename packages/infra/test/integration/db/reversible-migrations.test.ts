import { readFileSync } from 'node:fs';

import { expect } from 'chai';
import { sql, type Kysely, type Migration } from 'kysely';

import { SCHEMA_SNAPSHOT_FILE } from '../../../scripts/paths.js';
import { migrations } from '../../../src/db/migrations/index.js';
import type { TestDatabase } from '../../../src/testing/index.js';
import { connectTo } from '../../support/connect.js';
import { sharedPostgres } from '../../support/postgres.js';
import { walkMigrations } from '../../support/walk-migrations.js';

describe('every migration', () => {
  let database: TestDatabase;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: Kysely<any>;

  beforeEach(async () => {
    database = await (await sharedPostgres()).createDatabase({ empty: true });
    db = connectTo(database.url, 2);
  });

  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  it('goes up -> down -> up on PostgreSQL, down restoring the schema and up reproducing it, to the committed snapshot', async function () {
    this.timeout(60_000);
    const trips = await walkMigrations(db, migrations);
    for (const trip of trips) {
      expect(trip.afterUp, `${trip.name}: up changed nothing`).not.to.equal(trip.before);
      expect(trip.afterDown, `${trip.name}: down does not restore the schema from before up`).to.equal(trip.before);
      expect(trip.afterUpAgain, `${trip.name}: up after down gives another schema than the first up`).to.equal(trip.afterUp);
    }
    expect(trips.map((trip) => trip.name)).to.deep.equal(Object.keys(migrations).sort());
    const head = trips.at(-1)?.afterUpAgain;
    expect(
      head,
      'the schema the migrations produce (actual) differs from src/db/schema/schema-snapshot.txt (expected): run `pnpm db:snapshot`, review and commit',
    ).to.equal(readFileSync(SCHEMA_SNAPSHOT_FILE, 'utf8'));
  });

  describe('the check itself', () => {
    it('catches a down that leaves something behind', async () => {
      const leavesAColumn: Migration = {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        async up(db: Kysely<any>) {
          await db.schema.alterTable('users').addColumn('probe_leftover', 'text').execute();
          await db.schema.createIndex('users_probe_leftover_idx').on('users').column('probe_leftover').execute();
        },
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        async down(db: Kysely<any>) {
          await sql`drop index users_probe_leftover_idx`.execute(db);
        },
      };
      // On top of the first migration only (it creates users), so a broken later one cannot mask this.
      const [first] = Object.entries(migrations).sort(([a], [b]) => a.localeCompare(b));
      if (first === undefined) throw new Error('no migrations');
      const trips = await walkMigrations(db, { [first[0]]: first[1], '29990101000000_leaves_a_column': leavesAColumn });
      const trip = trips.find((t) => t.name === '29990101000000_leaves_a_column');
      expect(trip?.afterDown).to.contain('column probe_leftover text');
      expect(trip?.afterDown).not.to.equal(trip?.before);
      expect(trip?.afterUpAgain).to.match(/up again failed: .*probe_leftover.* already exists/);
    });
  });
});
