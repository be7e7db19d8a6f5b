import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';

import { aUser, describeUserRepositoryContract, RecordingLogger } from '@proj/application/testing';

import { createDatabase, KyselyUnitOfWork, KyselyUserRepository, type Database } from '../../../src/index.js';
import { pgBouncerOrSkip, type PgBouncerProcess, type TestDatabase } from '../../../src/testing/index.js';
import { registerUserOn, sharedPostgres } from '../../support/postgres.js';

const REPOSITORY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..');

/** SQL that would leave state on a server connection, which a transaction pooler hands to others. */
const SESSION_STATE =
  /pg_advisory_lock|pg_advisory_unlock|pg_try_advisory_lock\b|set_config\([^)]*false\)|(^|[`'"(;]\s*)set\s+(session\s+)?[a-z_]+\s*(=|to)\s|\blisten\s|\bcreate\s+temp|\bprepare\s+[a-z_]+\s+as\b|\bdeclare\s+\w+\s+cursor\s+with\s+hold/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('PostgreSQL through PgBouncer in transaction pooling mode', function () {
  this.timeout(30_000);
  let database: TestDatabase;
  let bouncer: PgBouncerProcess;
  const opened: Kysely<Database>[] = [];

  /** The service's own database setup, pointed at PgBouncer instead of PostgreSQL. */
  const open = (options: { preparedStatements: boolean; poolMax?: number }): Kysely<Database> => {
    const db = createDatabase({
      url: bouncer.urlFor(database.name),
      poolMax: options.poolMax ?? 8,
      statementTimeoutMs: 5_000,
      connectTimeoutMs: 5_000,
      preparedStatements: options.preparedStatements,
      logger: new RecordingLogger(),
    });
    opened.push(db);
    return db;
  };

  before(async function () {
    database = await (await sharedPostgres()).createDatabase();
    // Two server connections for eight clients: every client's transactions move between them.
    bouncer = await pgBouncerOrSkip(this, { upstreamUrl: database.url, poolMode: 'transaction', poolSize: 2 });
  });

  after(async () => {
    for (const db of opened) await db.destroy();
    await bouncer?.dispose();
    await database?.drop();
  });

  describe('with named prepared statements (PROJ_DATABASE_PREPARED_STATEMENTS=true, the default)', () => {
    it('fails: a statement prepared on one server connection is missing, or already there, on another', async () => {
      const users = new KyselyUserRepository(open({ preparedStatements: true }));
      const user = aUser();
      const results = await Promise.allSettled(Array.from({ length: 40 }, () => users.findById(user.id)));
      const reasons = results.flatMap((result) => (result.status === 'rejected' ? [String((result.reason as Error).message)] : []));
      expect(reasons, 'some lookups fail').not.to.be.empty;
      expect(reasons[0]).to.match(/prepared statement "proj_\d+" (does not exist|already exists)/);
    });
  });

  describe('with PROJ_DATABASE_PREPARED_STATEMENTS=false', () => {
    let db: Kysely<Database>;

    before(() => {
      db = open({ preparedStatements: false });
    });

    describeUserRepositoryContract('KyselyUserRepository through PgBouncer', async () => {
      await sql`truncate users cascade`.execute(db);
      return new KyselyUserRepository(db);
    });

    it('answers forty concurrent lookups on two server connections', async () => {
      const users = new KyselyUserRepository(db);
      const user = aUser();
      await users.register(user);
      const found = await Promise.all(Array.from({ length: 40 }, () => users.findById(user.id)));
      expect(found.map((each) => each?.id.value)).to.deep.equal(Array.from({ length: 40 }, () => user.id.value));
    });

    // kysely-unit-of-work.test.ts runs the unit of work's own tests through PgBouncer as well.
    describe('the unit of work', () => {
      const count = async (): Promise<number> => (await database.query<{ n: number }>('select count(*)::int as n from users'))[0]?.n ?? -1;

      it('writes nothing when the work fails between two writes, while other clients use the same server connections', async () => {
        const before = await count();
        const others = Array.from({ length: 10 }, () => new KyselyUserRepository(db).register(aUser()));
        const failing = new KyselyUnitOfWork(db).run(async ({ users }) => {
          await users.register(aUser());
          await new Promise((resolve) => setImmediate(resolve));
          await users.register(aUser());
          throw new Error('injected between writes');
        });
        await expect(failing).to.be.rejectedWith('injected between writes');
        await Promise.all(others);
        expect(await count()).to.equal(before + 10);
      });

      it('creates one user for ten concurrent registrations with one idempotency key', async () => {
        const registerUser = registerUserOn(db);
        const idempotency = { key: 'anonymous:through-pgbouncer', fingerprint: 'f-1' };
        const results = await Promise.all(
          Array.from({ length: 10 }, () => registerUser.execute({ email: 'pooled@example.com', fullName: 'Pooled', idempotency })),
        );
        expect(new Set(results.map((user) => user.id)).size).to.equal(1);
        const [row] = await database.query<{ n: number }>("select count(*)::int as n from users where email = 'pooled@example.com'");
        expect(row?.n).to.equal(1);
      });
    });
  });

  describe('statement timeout', () => {
    it("is refused as a startup parameter unless PgBouncer ignores it (ignore_startup_parameters), so it comes from the role's or database's setting", async function () {
      const strict = await pgBouncerOrSkip(this, { upstreamUrl: database.url, ignoreStartupParameters: ['extra_float_digits'] });
      const client = new pg.Client({ connectionString: strict.urlFor(database.name), statement_timeout: 5_000 });
      try {
        await expect(client.connect()).to.be.rejectedWith('unsupported startup parameter: statement_timeout');
      } finally {
        await client.end().catch(() => undefined);
        await strict.dispose();
      }
    });

    it('set on the database (ALTER DATABASE … SET statement_timeout) cancels a long statement through PgBouncer', async () => {
      const limited = await (await sharedPostgres()).createDatabase();
      try {
        await limited.query(`alter database "${limited.name}" set statement_timeout = '200ms'`);
        const pooled = createDatabase({
          url: bouncer.urlFor(limited.name),
          poolMax: 2,
          statementTimeoutMs: 5_000,
          connectTimeoutMs: 5_000,
          preparedStatements: false,
          logger: new RecordingLogger(),
        });
        try {
          await expect(sql`select pg_sleep(2)`.execute(pooled)).to.be.rejectedWith('canceling statement due to statement timeout');
        } finally {
          await pooled.destroy();
        }
      } finally {
        await limited.drop();
      }
    });
  });

  describe('the source', () => {
    it('relies on no session state (advisory locks, SET, LISTEN, temporary tables, SQL PREPARE) outside the migrator, which runs against PostgreSQL directly', () => {
      expect(SESSION_STATE.test('await sql`set statement_timeout = 0`.execute(db)'), 'the check finds session state').to.equal(true);
      const roots = ['packages/domain/src', 'packages/application/src', 'packages/infra/src', 'packages/api/src', 'apps/server/src'];
      const offenders = roots
        .flatMap((root) => sourceFiles(join(REPOSITORY, root)))
        .flatMap((file) =>
          readFileSync(file, 'utf8')
            .split('\n')
            .flatMap((line, index) =>
              SESSION_STATE.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line)
                ? [`${file.slice(REPOSITORY.length + 1)}:${index + 1}: ${line.trim()}`]
                : [],
            ),
        );
      expect(offenders).to.deep.equal([]);
    });
  });
});
