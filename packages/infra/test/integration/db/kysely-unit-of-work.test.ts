import { expect } from 'chai';
import type { Kysely } from 'kysely';

import { aUser, RecordingLogger } from '@proj/application/testing';
import { FullName, UserVersionMismatchError } from '@proj/domain';

import { createDatabase, KyselyUnitOfWork, KyselyUserRepository, type Database } from '../../../src/index.js';
import { pgBouncerOrSkip, type PgBouncerProcess, type TestDatabase } from '../../../src/testing/index.js';
import { sharedPostgres } from '../../support/postgres.js';

// The same transactions directly and through PgBouncer in transaction pooling mode, which gives a
// server connection to a client for one transaction at a time (decision 0101).
for (const pooled of [false, true]) {
  describe(`KyselyUnitOfWork${pooled ? ' through PgBouncer in transaction mode (PROJ_DATABASE_PREPARED_STATEMENTS=false)' : ''}`, function () {
    let database: TestDatabase;
    let bouncer: PgBouncerProcess | undefined;
    let db: Kysely<Database>;

    before(async function () {
      database = await (await sharedPostgres()).createDatabase();
      if (pooled) bouncer = await pgBouncerOrSkip(this, { upstreamUrl: database.url, poolMode: 'transaction', poolSize: 3 });
      db = createDatabase({
        url: bouncer ? bouncer.urlFor(database.name) : database.url,
        poolMax: 4,
        statementTimeoutMs: 5_000,
        connectTimeoutMs: 2_000,
        preparedStatements: !pooled,
        logger: new RecordingLogger(),
      });
    });

    after(async () => {
      await db?.destroy();
      await bouncer?.dispose();
      await database?.drop();
    });

    const count = async (): Promise<number> => (await database.query<{ n: number }>('select count(*)::int as n from users'))[0]?.n ?? -1;

    it('commits both writes when the work succeeds', async () => {
      const before = await count();
      await new KyselyUnitOfWork(db).run(async ({ users }) => {
        await users.register(aUser());
        await users.register(aUser());
      });
      expect(await count()).to.equal(before + 2);
    });

    it('writes nothing when a failure is injected between two writes', async () => {
      const before = await count();
      const failing = new KyselyUnitOfWork(db).run(async ({ users }) => {
        await users.register(aUser());
        throw new Error('injected between writes');
      });
      await expect(failing).to.be.rejectedWith('injected between writes');
      expect(await count()).to.equal(before);
    });

    describe('when two transactions read the same version and then both update', () => {
      it('commits exactly one; the other waits for it, then fails with UserVersionMismatchError and writes nothing', async () => {
        const user = aUser({ fullName: 'Original' });
        await new KyselyUserRepository(db).register(user);
        let arrived = 0;
        let releaseBoth: () => void = () => undefined;
        const bothHaveRead = new Promise<void>((resolve) => (releaseBoth = resolve));
        const attempt = (name: string) =>
          new KyselyUnitOfWork(db).run(async ({ users }) => {
            const found = await users.findById(user.id);
            if (found === undefined) throw new Error('user not found');
            arrived += 1;
            if (arrived === 2) releaseBoth();
            await bothHaveRead;
            found.rename(FullName.of(name), new Date('2026-06-01T00:00:00.000Z'));
            await users.update(found, { expectedVersion: 1 });
            return name;
          });
        const results = await Promise.allSettled([attempt('First'), attempt('Second')]);
        const winners = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        expect(winners).to.have.length(1);
        const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(loser.reason).to.be.instanceOf(UserVersionMismatchError);
        const [row] = await database.query<{ full_name: string; version: number }>('select full_name, version from users where id = $1', [
          user.id.value,
        ]);
        expect(row).to.deep.equal({ full_name: winners[0], version: 2 });
      });
    });

    describe('when a transaction reads a user for update', () => {
      it('makes a second one that reads it for update wait until the first commits, then see its change', async () => {
        const user = aUser({ fullName: 'Original' });
        await new KyselyUserRepository(db).register(user);
        let secondSaw: number | undefined;
        let second: Promise<void> | undefined;
        await new KyselyUnitOfWork(db).run(async ({ users }) => {
          const held = await users.findByIdForUpdate(user.id);
          if (held === undefined) throw new Error('user not found');
          second = new KyselyUnitOfWork(db).run(async (repositories) => {
            secondSaw = (await repositories.users.findByIdForUpdate(user.id))?.version;
          });
          await waitUntilSomeoneWaitsForALock();
          expect(secondSaw, 'the second read is still waiting').to.equal(undefined);
          held.rename(FullName.of('Changed First'), new Date('2026-06-01T00:00:00.000Z'));
          await users.update(held, { expectedVersion: 1 });
        });
        await second;
        expect(secondSaw).to.equal(2);
      });
    });

    /**
     * Asks PostgreSQL until a backend of this database is blocked on a lock: no sleeping on a guess
     * (each query's round trip is the pause).
     */
    async function waitUntilSomeoneWaitsForALock(): Promise<void> {
      for (let attempt = 0; attempt < 5_000; attempt += 1) {
        const [row] = await database.query<{ n: number }>(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        );
        if ((row?.n ?? 0) > 0) return;
      }
      throw new Error('no backend ever waited for the lock');
    }
  });
}
