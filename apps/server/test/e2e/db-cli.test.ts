import { createConnection, createServer, type Server } from 'node:net';

import { expect } from 'chai';
import type { Kysely } from 'kysely';

import { RecordingLogger } from '@proj/application/testing';
import { loadSettings, migrations, type MigrationList } from '@proj/infra';
import { freePort, type TestDatabase } from '@proj/infra/testing';

import { runDbCommand } from '../../src/cli/db-command.js';
import { runDbCli } from '../support/server-process.js';
import { sharedPostgres } from '../support/test-server.js';

const REAL = Object.keys(migrations);
const FIRST = REAL[0] ?? '';
const LATEST = REAL.at(-1) ?? '';

interface CommandRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs a db command in this process, as `pnpm db:<command>` would with these variables. */
async function db(args: string[], env: Record<string, string>, list?: MigrationList): Promise<CommandRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDbCommand(args, {
    settings: loadSettings({ PROJ_ENV: 'test', ...env }, { purpose: 'database-commands' }),
    logger: new RecordingLogger(),
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    ...(list ? { migrations: list } : {}),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Runs the built CLI as a separate process, as the root scripts and a container do. */
async function dbProcess(args: string[], env: Record<string, string>): Promise<CommandRun> {
  const { code, stdout, stderr } = await runDbCli(args, env);
  return { code: code ?? -1, out: stdout, err: stderr };
}

/** The names of the migrations that the lines of `output` (status, migrate) list as `state`, in order. */
function migrationsListedAs(state: 'pending' | 'applied', output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith(state))
    .map((line) => line.split(/\s+/)[1] ?? '');
}

const brokenAfterUsers: MigrationList = {
  '29990101000000_broken': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(database: Kysely<any>) {
      await database.schema.createTable('probe_half_done').addColumn('id', 'integer').execute();
      await database.schema.alterTable('no_such_table').addColumn('x', 'text').execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(database: Kysely<any>) {
      await database.schema.dropTable('probe_half_done').execute();
    },
  },
};

function withPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.port = String(port);
  return parsed.toString();
}

/** A TCP relay on 127.0.0.1:`port` to `host`:`targetPort`: a database that starts accepting connections. */
function relayTo(port: number, host: string, targetPort: number): Server {
  const relay = createServer((client) => {
    const upstream = createConnection({ host, port: targetPort });
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  relay.listen(port, '127.0.0.1');
  return relay;
}

describe('the db command line (pnpm db:*)', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeEach(async () => {
    database = await (await sharedPostgres()).createDatabase({ empty: true });
    env = { PROJ_DATABASE_URL: database.url };
  });

  afterEach(async () => {
    await database.drop();
  });

  const history = async (): Promise<string[]> =>
    (await database.query<{ name: string }>('select name from schema_migrations order by name')).map((row) => row.name);

  it('shows status, migrates, rolls back one step and migrates again', async () => {
    expect((await db(['rollback'], env)).out).to.contain('nothing to roll back: no migration is applied');
    const before = await db(['status'], env);
    expect(before.code).to.equal(0);
    expect(migrationsListedAs('pending', before.out)).to.deep.equal(REAL);
    expect(before.out).to.contain(`0 applied, ${REAL.length} pending`);

    const migrated = await db(['migrate'], env);
    expect(migrated).to.include({ code: 0, err: '' });
    expect(migrationsListedAs('applied', migrated.out)).to.deep.equal(REAL);
    expect((await db(['migrate'], env)).out).to.contain(`nothing to migrate: ${REAL.length} applied, latest ${LATEST}`);

    const after = await db(['status'], env);
    for (const name of REAL)
      expect(after.out).to.match(new RegExp(`^applied\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\s+${name}$`, 'm'));
    expect(after.out).to.contain(`${REAL.length} applied, 0 pending`);

    const rolledBack = await db(['rollback'], env);
    expect(rolledBack.code).to.equal(0);
    expect(rolledBack.out).to.match(new RegExp(`^rolled back\\s+${LATEST}$`, 'm'));
    expect(await history()).to.deep.equal(REAL.slice(0, -1));
    expect((await db(['migrate'], env)).code).to.equal(0);
    expect(await history()).to.deep.equal(REAL);
  });

  it('rolls back to a named migration, and refuses a name it does not have', async () => {
    const withSecond: MigrationList = {
      '29990101000000_second': {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        up: async (database: Kysely<any>) => database.schema.createTable('probe_second').addColumn('id', 'integer').execute(),
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        down: async (database: Kysely<any>) => database.schema.dropTable('probe_second').execute(),
      },
    };
    const list = { ...migrations, ...withSecond };
    expect((await db(['migrate'], env, list)).code).to.equal(0);
    const rolledBack = await db(['rollback', '--to', LATEST], env, list);
    expect(rolledBack.code).to.equal(0);
    expect(rolledBack.out).to.match(/^rolled back\s+29990101000000_second$/m);
    expect(await history()).to.deep.equal(REAL);
    expect((await db(['rollback', '--to', LATEST], env, list)).out).to.contain(`nothing to roll back: ${LATEST} is the latest applied`);
    const all = await db(['rollback', '--to', FIRST], env, list);
    expect(all.out.split('\n').filter((line) => line.startsWith('rolled back'))).to.have.length(REAL.length - 1);
    expect(await history()).to.deep.equal([FIRST]);

    const unknownTarget = await db(['rollback', '--to', 'nope'], env, list);
    expect(unknownTarget.code).to.equal(1);
    expect(unknownTarget.err).to.equal('error: no migration is named nope');
  });

  it('exits 1 naming the failing migration and the database error, with nothing of the run applied', async () => {
    const run = await db(['migrate'], env, { ...migrations, ...brokenAfterUsers });
    expect(run.code).to.equal(1);
    expect(run.err).to.match(/^error: migration 29990101000000_broken failed: relation "no_such_table" does not exist \(SQLSTATE 42P01\)/);
    expect(run.err).to.contain(`also rolled back: ${REAL.join(', ')}`);
    // History and schema agree: nothing was recorded, nothing was created.
    expect(
      (await database.query<{ present: boolean }>("select to_regclass('probe_half_done') is not null as present"))[0]?.present,
    ).to.equal(false);
    expect((await database.query<{ present: boolean }>("select to_regclass('users') is not null as present"))[0]?.present).to.equal(false);
    const status = await db(['status'], env);
    expect(status.out).to.contain(`0 applied, ${REAL.length} pending`);
  });

  it('refuses to migrate or roll back a database that has migrations this build does not know', async () => {
    expect((await db(['migrate'], env)).code).to.equal(0);
    await database.query(
      `insert into schema_migrations (name, timestamp) values ('29990101000000_from_a_newer_build', '2999-01-01T00:00:00.000Z')`,
    );
    for (const command of ['migrate', 'rollback']) {
      const run = await db([command], env);
      expect(run.code, command).to.equal(1);
      expect(run.err, command).to.match(/does not know \(29990101000000_from_a_newer_build\)/);
    }
    expect((await db(['status'], env)).out).to.match(/^unknown\s+2999-01-01T00:00:00.000Z\s+29990101000000_from_a_newer_build/m);
    expect(await history()).to.deep.equal([...REAL, '29990101000000_from_a_newer_build']);
  });

  it('seeds demo users, subspaces and artifacts idempotently, only on a migrated database, never in production', async () => {
    const early = await db(['seed'], env);
    expect(early.code).to.equal(1);
    expect(early.err).to.match(/pending migration.*pnpm db:migrate/);

    await db(['migrate'], env);
    const first = await db(['seed'], env);
    expect(first.code).to.equal(0);
    expect(first.out).to.match(/seeded 25 demo users: 25 added, 0 already present/);
    expect(first.out).to.match(
      /seeded 3 demo subspaces and 10 demo artifacts \(384-dimension synthetic embeddings\): 13 added, 0 already present/,
    );
    const second = await db(['seed'], env);
    expect(second.out).to.match(/seeded 25 demo users: 0 added, 25 already present/);
    expect(second.out).to.match(/: 0 added, 13 already present/);
    const capture = await database.query<{ status: string; n: number; signals: number }>(
      `select assignment_status as status, count(*)::int as n, sum(signal_count)::int as signals
         from artifacts where user_id = '019b78c9-0a80-7000-8000-000000000001' group by 1 order by 1`,
    );
    expect(capture).to.deep.equal([
      { status: 'ambiguous', n: 2, signals: 2 },
      { status: 'assigned', n: 8, signals: 11 },
    ]);
    const [counts] = await database.query<{ total: number; inactive: number }>(
      'select count(*)::int as total, count(*) filter (where not is_active)::int as inactive from users',
    );
    expect(counts).to.deep.equal({ total: 25, inactive: 3 });

    const production = await db(['seed'], { ...env, PROJ_ENV: 'production' });
    expect(production.code).to.equal(2);
    expect(production.err).to.contain('does not run when PROJ_ENV is production');
  });

  it("seeds the users but skips the demo capture data, in one line, when another user has the first demo user's e-mail", async () => {
    await db(['migrate'], env);
    await database.query("insert into users (id, email, full_name) values ($1, 'ada@example.com', 'Another Ada')", [
      '00000000-0000-4000-8000-00000000ada0',
    ]);
    for (const run of [await db(['seed'], env), await dbProcess(['seed'], env)]) {
      expect(run).to.include({ code: 0, err: '' });
      expect(run.out).to.match(/seeded 25 demo users: \d+ added, \d+ already present/);
      expect(run.out).to.match(
        /^skipped the demo subspaces and artifacts: they belong to the first demo user, 019b78c9-0a80-7000-8000-000000000001, who is not there because another user has the e-mail ada@example.com$/m,
      );
    }
    const [counts] = await database.query<{ users: number; subspaces: number; artifacts: number }>(
      'select (select count(*)::int from users) as users, (select count(*)::int from subspaces) as subspaces, (select count(*)::int from artifacts) as artifacts',
    );
    expect(counts).to.deep.equal({ users: 25, subspaces: 0, artifacts: 0 });
  });

  it('answers usage errors with exit 2 and the usage, without touching the database', async () => {
    for (const args of [[], ['launch'], ['rollback', '--bogus'], ['status', 'extra']]) {
      const run = await db(args, { PROJ_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
      expect(run.code, args.join(' ')).to.equal(2);
      expect(run.err, args.join(' ')).to.contain('usage: pnpm db:<command>');
    }
  });

  describe('migrate --wait (a database that is still starting)', () => {
    it('retries the first connection until the database accepts one, then migrates', async () => {
      const target = new URL(database.url);
      const port = await freePort();
      let relay: Server | undefined;
      const out: string[] = [];
      try {
        const run = runDbCommand(['migrate', '--wait', '30'], {
          settings: loadSettings({ PROJ_ENV: 'test', PROJ_DATABASE_URL: withPort(database.url, port) }, { purpose: 'database-commands' }),
          logger: new RecordingLogger(),
          out: (line) => {
            out.push(line);
            // The database "finishes starting" once the command has found it refusing connections.
            if (line.startsWith('waiting up to 30 s')) relay = relayTo(port, target.hostname, Number(target.port));
          },
          err: (line) => out.push(line),
        });
        expect(await run, out.join('\n')).to.equal(0);
      } finally {
        relay?.close();
      }
      expect(out).to.include(`${REAL.length} migration(s) applied`);
      expect(await history()).to.deep.equal(REAL);
    });

    it('gives up after the time it was given, saying which database it could not reach', async () => {
      const run = await db(['migrate', '--wait', '1'], { PROJ_DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/none' });
      expect(run.code).to.equal(1);
      expect(run.out).to.equal('database postgres://app:***@127.0.0.1:1/none\nwaiting up to 1 s for the database to accept connections');
      expect(run.err).to.match(/^error: cannot reach the database/);
    });

    it('refuses a --wait that is not a number of seconds from 0 to 600', async () => {
      for (const wait of ['soon', '601', '-1']) {
        const run = await db(['migrate', `--wait=${wait}`], { PROJ_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
        expect(run.code, wait).to.equal(2);
        expect(run.err, wait).to.match(/^error: --wait must be a number of seconds from 0 to 600/);
      }
    });
  });

  describe('as separate processes', () => {
    it('serialises two `migrate` runs started at once: one applies, the other finds nothing to do', async () => {
      const runs = await Promise.all([dbProcess(['migrate'], env), dbProcess(['migrate'], env)]);
      expect(
        runs.map((run) => run.code),
        runs.map((run) => run.err).join('\n'),
      ).to.deep.equal([0, 0]);
      const outputs = runs.map((run) => run.out).sort();
      expect(outputs.filter((out) => out.includes(`${REAL.length} migration(s) applied`))).to.have.length(1);
      expect(outputs.filter((out) => out.includes('nothing to migrate'))).to.have.length(1);
      expect(await history()).to.deep.equal(REAL);
    });

    it('runs as a production migrate job with nothing but the database settings', async () => {
      const run = await dbProcess(['migrate'], { PROJ_ENV: 'production', PROJ_DATABASE_URL: database.url });
      expect(run.code, run.err).to.equal(0);
      expect(await history()).to.deep.equal(REAL);
    });

    it('takes a password full of URL-reserved characters from PROJ_DATABASE_PASSWORD, and never prints it', async () => {
      const password = 'p/a+s@w:o%rd#1';
      const url = new URL(database.url);
      url.password = '';
      const run = await dbProcess(['migrate'], {
        PROJ_ENV: 'production',
        PROJ_DATABASE_URL: url.toString(),
        PROJ_DATABASE_PASSWORD: password,
      });
      expect(run.code, run.err).to.equal(0);
      expect(await history()).to.deep.equal(REAL);
      expect(run.out + run.err).not.to.contain(password);
      expect(run.out + run.err).not.to.contain(encodeURIComponent(password));
    });

    it('refuses a URL with unencoded reserved characters in one line, without printing the URL', async () => {
      const run = await dbProcess(['migrate'], { PROJ_ENV: 'production', PROJ_DATABASE_URL: 'postgres://app:a/b+c@127.0.0.1:1/none' });
      expect(run.code).not.to.equal(0);
      expect(run.err).to.contain('PROJ_DATABASE_URL: does not parse as a URL');
      expect(run.err + run.out).not.to.contain('a/b+c');
      expect(run.err).not.to.contain('    at ');
    });

    it('says which database it cannot reach, without its password, and exits 1', async () => {
      const run = await dbProcess(['status'], { PROJ_ENV: 'test', PROJ_DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/none' });
      expect(run.code).to.equal(1);
      expect(run.err).to.match(/^error: cannot reach the database \(postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/none\): .*ECONNREFUSED/m);
      expect(run.err + run.out).not.to.contain('s3cret');
    });
  });
});
