import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';
import pg from 'pg';
import request from 'supertest';

import { JoseTokenVerifier, migrations, SystemClock } from '@proj/infra';
import type { TestDatabase } from '@proj/infra/testing';

import { sampleValue } from '../support/prometheus-sample.js';
import { runDbCli, runServerToExit, runTokenCommand, startServerProcess as startServer } from '../support/server-process.js';
import { sharedPostgres, sharedRedisOrSkip, startTestApp } from '../support/test-server.js';

const DATABASE_URL = 'postgres://app:pw@127.0.0.1:1/app';
const CURSOR_SECRET = 'c'.repeat(40);

/** The one error line of a server that refused to start, parsed. */
interface Refusal {
  readonly message?: string;
  readonly stack?: unknown;
  readonly error?: unknown;
}

/**
 * Runs the server in the test environment with JSON logs and `env`, which must make it refuse to
 * start: exit 1 with one error line (info lines about closing what was opened may precede it).
 * Answers that line and everything written.
 */
async function refuseToStart(env: Record<string, string>): Promise<{ refusal: Refusal; output: string }> {
  const { code, stdout, stderr } = await runServerToExit({ PROJ_ENV: 'test', PROJ_LOG_FORMAT: 'json', ...env });
  const output = stdout + stderr;
  expect(code, output).to.equal(1);
  const errors = output.split('\n').filter((line) => line.includes('"level":"error"'));
  expect(errors, output).to.have.length(1);
  return { refusal: JSON.parse(errors[0] ?? '{}') as Refusal, output };
}

describe('the server process', function () {
  this.timeout(120_000);

  describe('on the embedded default (development, no PROJ_DATABASE_URL)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'proj-server-data-'));

    after(() => rmSync(dataDir, { recursive: true, force: true }));

    it('serves with the token it prints, stops cleanly on SIGTERM, and keeps its data across a restart', async () => {
      const first = await startServer({ PROJ_DATA_DIR: dataDir });
      expect(first.output(), 'says it is single-instance without Redis').to.contain('Run a single instance only');
      const firstToken = await first.developmentToken();
      const tokenFile = join(dataDir, 'dev-token');
      expect(readFileSync(tokenFile, 'utf8').trim(), 'the printed token is also in the data directory').to.equal(firstToken);
      expect(statSync(tokenFile).mode & 0o077, 'readable by its owner only').to.equal(0);
      const body = JSON.stringify({ email: 'persist@example.com', full_name: 'Persistent' });
      const anonymous = await fetch(`${first.baseUrl}/v1/accounts/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(anonymous.status).to.equal(401);
      const created = await fetch(`${first.baseUrl}/v1/accounts/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${firstToken}` },
        body,
      });
      expect(created.status).to.equal(201);
      const user = (await created.json()) as { id: string };
      first.process.kill('SIGTERM');
      expect(await first.exited).to.equal(0);

      const second = await startServer({ PROJ_DATA_DIR: dataDir });
      try {
        const secondToken = await second.developmentToken();
        expect(secondToken, 'a new key and token for each process').not.to.equal(firstToken);
        const stale = await fetch(`${second.baseUrl}/v1/accounts/users/${user.id}`, { headers: { authorization: `Bearer ${firstToken}` } });
        expect(stale.status).to.equal(401);
        const read = await fetch(`${second.baseUrl}/v1/accounts/users/${user.id}`, { headers: { authorization: `Bearer ${secondToken}` } });
        expect(read.status).to.equal(200);
        expect(await read.json()).to.deep.equal(user);
        const logLines = second
          .logs()
          .map((line) => JSON.stringify(line))
          .join('\n');
        expect(logLines, 'the token appears only in the line printed for the developer').not.to.contain(secondToken.split('.')[2]);
      } finally {
        second.process.kill('SIGTERM');
        expect(await second.exited).to.equal(0);
      }
    });
  });

  describe('when nobody reads its logs', () => {
    it('keeps answering: writing a log line never blocks the event loop', async () => {
      const database = await (await sharedPostgres()).createDatabase();
      // Debug: the probes' access lines (debug when they succeed) are the log lines this test makes.
      const server = await startServer({ PROJ_ENV: 'test', PROJ_DATABASE_URL: database.url, PROJ_LOG_LEVEL: 'debug' });
      try {
        const before = server.output().length;
        // The parent stops reading: the pipe (64 KiB) and the reader's buffer fill up, and the
        // server's further lines can only wait in its own memory.
        server.process.stdout?.pause();
        const requests = 800;
        const statuses: number[] = [];
        for (let batch = 0; batch < requests / 10; batch += 1) {
          const answered = await Promise.all(
            Array.from({ length: 10 }, () =>
              fetch(`${server.baseUrl}/health/live`, { signal: AbortSignal.timeout(30_000) }).then((r) => r.status),
            ),
          );
          statuses.push(...answered);
        }
        expect(statuses.filter((status) => status === 200)).to.have.length(requests);
        expect(server.output().length - before, 'bytes the parent read while paused').to.be.below(100_000);

        server.process.stdout?.resume();
        const accessLines = () => server.logs().filter((line) => line.message === 'request completed' && line['route'] === '/health/live');
        await server.waitForLog(() => accessLines().length === requests);
        const written = server.output().length - before;
        expect(written, 'log bytes written while nobody read').to.be.above(150_000);
      } finally {
        server.process.kill('SIGTERM');
        expect(await server.exited).to.equal(0);
        await database.drop();
      }
    });
  });

  describe('in staging or production', () => {
    for (const env of ['production', 'staging']) {
      it(`refuses to start in ${env} with no auth settings, saying which variable to set`, async () => {
        const { code, stdout, stderr } = await runServerToExit({
          PROJ_ENV: env,
          PROJ_DATABASE_URL: DATABASE_URL,
          PROJ_CURSOR_SECRET: CURSOR_SECRET,
          PROJ_REDIS_URL: 'redis://cache:6379',
        });
        expect(code).to.equal(2);
        expect(stdout).to.equal('');
        const problems = stderr.trimEnd().split('\n').slice(1);
        expect(problems).to.have.length(1);
        expect(problems[0]).to.match(/^\s*PROJ_AUTH_JWT_SECRET: required when PROJ_ENV is /);
      });
    }

    it('refuses a secret shorter than 32 bytes without printing it', async () => {
      const { code, stderr } = await runServerToExit({
        PROJ_ENV: 'production',
        PROJ_DATABASE_URL: DATABASE_URL,
        PROJ_CURSOR_SECRET: CURSOR_SECRET,
        PROJ_AUTH_JWT_SECRET: 'Sup3rSecretButShort',
      });
      expect(code).to.equal(2);
      expect(stderr).to.match(/PROJ_AUTH_JWT_SECRET: too weak, must be at least 32 bytes/);
      expect(stderr).not.to.contain('Sup3rSecretButShort');
    });
  });

  describe('the token command', () => {
    const secret = 'a-token-command-secret-of-at-least-32-bytes';

    it('mints a token from the configured secret that the server accepts, with only the scopes asked for', async () => {
      const { code, stdout } = await runTokenCommand(['--scope', 'accounts:read', '--sub', 'cli-user', '--ttl', '10m'], {
        PROJ_AUTH_JWT_SECRET: secret,
        PROJ_AUTH_AUDIENCE: 'proj-cli',
      });
      expect(code).to.equal(0);
      const token = stdout.trim();
      expect(token).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const verifier = new JoseTokenVerifier({
        key: { kind: 'secret', secret },
        audience: 'proj-cli',
        clockSkewSeconds: 0,
        clock: new SystemClock(),
      });
      expect(await verifier.verify(token)).to.deep.equal({ subject: 'cli-user', scopes: ['accounts:read'] });

      const t = await startTestApp({ PROJ_AUTH_JWT_SECRET: secret, PROJ_AUTH_AUDIENCE: 'proj-cli' });
      try {
        await request(t.app).get('/v1/accounts/users/00000000-0000-4000-8000-000000000000').auth(token, { type: 'bearer' }).expect(404);
        await request(t.app)
          .post('/v1/accounts/users')
          .auth(token, { type: 'bearer' })
          .send({ email: 'cli@example.com', full_name: 'Cli' })
          .expect(403);
      } finally {
        await t.close();
      }
    });

    it('mints a token for a production deployment with --aud, which overrides the configured audience', async () => {
      const audienceOf = (token: string): unknown =>
        (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { aud?: unknown }).aud;
      const plain = await runTokenCommand(['--scope', 'accounts:read'], { PROJ_AUTH_JWT_SECRET: secret });
      const forProduction = await runTokenCommand(['--scope', 'accounts:read', '--aud', 'proj'], { PROJ_AUTH_JWT_SECRET: secret });
      const overriding = await runTokenCommand(['--scope', 'accounts:read', '--aud', 'proj'], {
        PROJ_AUTH_JWT_SECRET: secret,
        PROJ_AUTH_AUDIENCE: 'another-service',
      });
      for (const run of [plain, forProduction, overriding]) expect(run.code, run.stderr).to.equal(0);
      expect(audienceOf(plain.stdout.trim()), 'none in development and test').to.equal(undefined);
      expect(audienceOf(overriding.stdout.trim())).to.equal('proj');
      const production = new JoseTokenVerifier({
        key: { kind: 'secret', secret },
        audience: 'proj',
        clockSkewSeconds: 0,
        clock: new SystemClock(),
      });
      expect(await production.verify(forProduction.stdout.trim())).to.deep.equal({ subject: 'developer', scopes: ['accounts:read'] });

      const empty = await runTokenCommand(['--scope', 'accounts:read', '--aud', ' '], { PROJ_AUTH_JWT_SECRET: secret });
      expect(empty.code).to.equal(2);
      expect(empty.stderr).to.contain('--aud must not be empty');
    });

    it('refuses to run without a secret, with an unknown scope, or with a bad lifetime', async () => {
      const noSecret = await runTokenCommand(['--scope', 'accounts:read'], {});
      expect(noSecret.code).to.equal(2);
      expect(noSecret.stderr).to.contain('PROJ_AUTH_JWT_SECRET is not set');
      expect(noSecret.stdout).to.equal('');
      const unknown = await runTokenCommand(['--scope', 'accounts:admin'], { PROJ_AUTH_JWT_SECRET: secret });
      expect(unknown.code).to.equal(2);
      expect(unknown.stderr).to.contain('Unknown scope: accounts:admin');
      const ttl = await runTokenCommand(['--scope', 'accounts:read', '--ttl', '1y'], { PROJ_AUTH_JWT_SECRET: secret });
      expect(ttl.code).to.equal(2);
      expect(ttl.stderr).to.contain('--ttl 1y');
    });
  });

  describe('with PROJ_WORKERS=2', () => {
    const secret = 'a-cluster-token-secret-of-at-least-32-bytes';

    /** A database of the test's own and what several workers need to share: Redis, the cursor and token keys. */
    async function clusterSettings(suite: Mocha.Context): Promise<{ database: TestDatabase; env: Record<string, string> }> {
      const redis = await sharedRedisOrSkip(suite);
      const database = await (await sharedPostgres()).createDatabase();
      const env = {
        PROJ_ENV: 'test',
        PROJ_DATABASE_URL: database.url,
        PROJ_REDIS_URL: redis.url,
        PROJ_REDIS_KEY_PREFIX: redis.newKeyPrefix(),
        PROJ_CURSOR_SECRET: CURSOR_SECRET,
        PROJ_AUTH_JWT_SECRET: secret,
      };
      return { database, env };
    }

    it('serves from two worker processes on one port, and SIGTERM drains both and exits 0', async function () {
      const { database, env } = await clusterSettings(this);
      const server = await startServer({ ...env, PROJ_WORKERS: '2' });
      try {
        await server.waitForLog((line) => line.message === '2 workers serving');
        // Each worker writes its own lines: wait for both rather than rely on their order.
        const listening = () => server.logs().filter((line) => line.message?.startsWith('listening on'));
        await server.waitForLog(() => listening().length === 2);
        expect(
          listening()
            .map((line) => line['worker'])
            .sort(),
        ).to.deep.equal([1, 2]);
        const token = (await runTokenCommand(['--scope', 'accounts:read', '--scope', 'accounts:write'], env)).stdout.trim();
        const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        const created = await fetch(`${server.baseUrl}/v1/accounts/users`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ email: 'cluster@example.com', full_name: 'Clustered' }),
        });
        expect(created.status).to.equal(201);
        const { id } = (await created.json()) as { id: string };
        // New connections are spread over the workers: each accepts the token and reads the same database.
        const reads = await Promise.all(
          Array.from({ length: 6 }, () =>
            fetch(`${server.baseUrl}/v1/accounts/users/${id}`, { headers: { ...headers, connection: 'close' } }).then((r) => r.status),
          ),
        );
        expect(reads).to.deep.equal([200, 200, 200, 200, 200, 200]);
        const readers = () =>
          new Set(
            server
              .logs()
              .filter((line) => line.message === 'request completed' && line['route'] === '/v1/accounts/users/:user_id')
              .map((line) => line['worker']),
          );
        await server.waitForLog(() => readers().size === 2);
        // Whichever worker answers, /metrics counts the requests of both.
        for (let scrape = 0; scrape < 3; scrape += 1) {
          const metrics = await (await fetch(`${server.baseUrl}/metrics`, { headers: { connection: 'close' } })).text();
          const reads = sampleValue(metrics, 'http_request_duration_seconds_count', {
            method: 'GET',
            route: '/v1/accounts/users/:user_id',
            status: '200',
          });
          expect(reads, metrics.slice(0, 2000)).to.equal(6);
        }
      } finally {
        server.process.kill('SIGTERM');
        expect(await server.exited).to.equal(0);
        await database.drop();
      }
      const stopped = () => server.logs().filter((line) => line.message === 'stopped');
      await server.waitForLog(() => stopped().length === 3);
      expect(
        stopped()
          .map((line) => line['worker'] ?? 'primary')
          .sort(),
      ).to.deep.equal([1, 2, 'primary']);
    });

    it('replaces a worker that dies and keeps serving', async function () {
      const { database, env } = await clusterSettings(this);
      const server = await startServer({ ...env, PROJ_WORKERS: '2' });
      try {
        await server.waitForLog((line) => line.message === '2 workers serving');
        const primary = server.process.pid ?? 0;
        const workers = readFileSync(`/proc/${primary}/task/${primary}/children`, 'utf8').trim().split(/\s+/).map(Number);
        expect(workers).to.have.length(2);
        process.kill(workers[0] ?? 0, 'SIGKILL');
        await server.waitForLog((line) => line.message === 'a worker died: starting another' && line['signal'] === 'SIGKILL');
        await server.waitForLog((line) => line.message?.startsWith('listening on') === true && line['worker'] === 3);
        const health = await Promise.all(
          Array.from({ length: 4 }, () =>
            fetch(`${server.baseUrl}/health/live`, { headers: { connection: 'close' } }).then((r) => r.status),
          ),
        );
        expect(health).to.deep.equal([200, 200, 200, 200]);
      } finally {
        server.process.kill('SIGTERM');
        expect(await server.exited).to.equal(0);
        await database.drop();
      }
    });

    it('lets a worker that is signalled again while draining exit at once, and replaces it', async function () {
      const { database, env } = await clusterSettings(this);
      const server = await startServer({ ...env, PROJ_WORKERS: '2' });
      // A lock on the table keeps one worker's POST, and so that worker's drain, waiting.
      const lock = new pg.Client({ connectionString: database.url });
      await lock.connect();
      try {
        await server.waitForLog((line) => line.message === '2 workers serving');
        const primary = server.process.pid ?? 0;
        const workers = readFileSync(`/proc/${primary}/task/${primary}/children`, 'utf8').trim().split(/\s+/).map(Number);
        await lock.query('begin');
        await lock.query('lock table users in access exclusive mode');
        const token = (await runTokenCommand(['--scope', 'accounts:write'], env)).stdout.trim();
        const blocked = fetch(`${server.baseUrl}/v1/accounts/users`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'blocked@example.com', full_name: 'Blocked' }),
        }).then(
          (response) => response.status,
          () => 'connection closed',
        );
        // The POST has reached a worker once its insert waits for the lock.
        for (let waiting = 0; waiting === 0;) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          const { rows } = await lock.query<{ n: number }>(
            "select count(*)::int as n from pg_locks where not granted and relation = 'users'::regclass",
          );
          waiting = rows[0]?.n ?? 0;
        }
        const signal = (pid: number): void => {
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            // that worker has already finished draining and exited
          }
        };
        for (const worker of workers) signal(worker);
        await server.waitForLog((line) => line.message === 'shutting down' && line['open_requests'] === 1);
        for (const worker of workers) signal(worker);
        await server.waitForLog((line) => line.message === 'SIGTERM during shutdown: exiting now');
        expect(await blocked).to.equal('connection closed');
        const listening = () =>
          server
            .logs()
            .filter((line) => line.message?.startsWith('listening on') === true)
            .map((line) => line['worker']);
        await server.waitForLog(() => listening().includes(3) && listening().includes(4));
      } finally {
        await lock.query('rollback').catch(() => undefined);
        await lock.end();
        server.process.kill('SIGTERM');
        expect(await server.exited).to.equal(0);
        await database.drop();
      }
    });

    it('stops with a non-zero code when a worker cannot start, as a single process would', async () => {
      const { code, stdout } = await runServerToExit({
        PROJ_ENV: 'test',
        PROJ_LOG_FORMAT: 'json',
        PROJ_PORT: '0',
        PROJ_WORKERS: '2',
        PROJ_CURSOR_SECRET: CURSOR_SECRET,
        PROJ_AUTH_JWT_SECRET: secret,
        PROJ_REDIS_URL: 'redis://127.0.0.1:1',
        PROJ_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere',
        PROJ_DATABASE_CONNECT_TIMEOUT_MS: '500',
      });
      expect(code).to.equal(1);
      expect(stdout).to.contain('a worker exited before it served: stopping');
    });
  });

  describe('with a db command run while the server runs on the same embedded PostgreSQL', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'proj-server-shared-'));

    after(() => rmSync(dataDir, { recursive: true, force: true }));

    it('shares the database with the server and leaves it running for it', async () => {
      const server = await startServer({ PROJ_DATA_DIR: dataDir });
      try {
        const status = await runDbCli(['status'], { PROJ_DATA_DIR: dataDir, PROJ_LOG_FORMAT: 'json' });
        expect(status.code, status.stderr).to.equal(0);
        expect(status.stdout).to.contain(`${Object.keys(migrations).length} applied, 0 pending`);
        const seeded = await runDbCli(['seed'], { PROJ_DATA_DIR: dataDir, PROJ_LOG_FORMAT: 'json' });
        expect(seeded.code, seeded.stderr).to.equal(0);
        const ready = await fetch(`${server.baseUrl}/health/ready`);
        expect(ready.status).to.equal(200);
        const demo = await fetch(`${server.baseUrl}/v1/accounts/users/019b78c9-0a80-7000-8000-000000000001`, {
          headers: { authorization: `Bearer ${await server.developmentToken()}` },
        });
        expect(demo.status).to.equal(200);
        expect(await demo.json()).to.include({ email: 'ada@example.com' });
      } finally {
        server.process.kill('SIGTERM');
        expect(await server.exited).to.equal(0);
      }
    });
  });

  describe('when the schema does not match the build', () => {
    let database: TestDatabase;

    beforeEach(async () => {
      database = await (await sharedPostgres()).createDatabase({ empty: true });
    });

    afterEach(async () => {
      await database.drop();
    });

    it('refuses pending migrations when PROJ_MIGRATE_ON_START is false: one line, exit 1, nothing applied', async () => {
      const { output } = await refuseToStart({ PROJ_DATABASE_URL: database.url, PROJ_MIGRATE_ON_START: 'false' });
      expect(output).not.to.match(/^\s+at /m);
      const pending = Object.keys(migrations);
      expect(output).to.contain(
        `cannot start: ${pending.length} pending migration(s) (${pending.join(', ')}) and PROJ_MIGRATE_ON_START is false: run the migrate command first (\`pnpm db:migrate\` from a clone, \`node dist/cli/db.js migrate\` in the image)`,
      );
      expect(await database.query("select to_regclass('users') as present")).to.deep.equal([{ present: null }]);
    });

    it('refuses a database with migrations it does not know, even when it may migrate: one line, exit 1', async () => {
      const migrate = await runDbCli(['migrate'], { PROJ_ENV: 'test', PROJ_DATABASE_URL: database.url });
      expect(migrate.code, migrate.stderr).to.equal(0);
      await database.query(
        `insert into schema_migrations (name, timestamp) values ('29990101000000_from_a_newer_build', '2999-01-01T00:00:00.000Z')`,
      );
      const { refusal } = await refuseToStart({ PROJ_DATABASE_URL: database.url, PROJ_MIGRATE_ON_START: 'true' });
      expect(refusal).not.to.have.any.keys('stack', 'error');
      expect(refusal.message).to.match(
        /^cannot start: the database has migrations this build does not know \(29990101000000_from_a_newer_build\)/,
      );
    });
  });

  describe('when the database cannot be reached at start', () => {
    it('exits 1 with one line saying so, without the password', async () => {
      const { refusal, output } = await refuseToStart({ PROJ_DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/none' });
      expect(refusal.message).to.match(/^cannot start: the database is unreachable \(.*ECONNREFUSED.*\)$/);
      expect(output).not.to.contain('s3cret');
    });
  });

  describe('with invalid settings', () => {
    it('prints one line per bad variable (three here), no secret, and exits with 2', async () => {
      const { code, stdout, stderr } = await runServerToExit({
        PROJ_PORT: 'eighty',
        PROJ_ENV: 'prod',
        PROJ_DATABASE_URL: 'mysql://u:hunter2@h/d',
      });
      expect(code).to.equal(2);
      expect(stdout).to.equal('');
      const lines = stderr.trimEnd().split('\n');
      expect(lines[0]).to.equal('Invalid settings:');
      expect(lines.slice(1).map((line) => line.trim().split(':')[0])).to.have.members(['PROJ_PORT', 'PROJ_ENV', 'PROJ_DATABASE_URL']);
      expect(stderr).not.to.contain('hunter2');
    });

    it('reports a missing database URL outside development together with the other problems', async () => {
      const { code, stderr } = await runServerToExit({
        PROJ_ENV: 'production',
        PROJ_CURSOR_SECRET: 'c'.repeat(32),
        PROJ_AUTH_JWT_SECRET: 'k'.repeat(32),
        PROJ_REDIS_URL: 'redis://cache:6379',
        PROJ_PORT: '70000',
        PROJ_LOG_LEVEL: 'loud',
      });
      expect(code).to.equal(2);
      expect(
        stderr
          .trimEnd()
          .split('\n')
          .slice(1)
          .map((line) => line.trim().split(':')[0]),
      ).to.deep.equal(['PROJ_PORT', 'PROJ_LOG_LEVEL', 'PROJ_DATABASE_URL']);
    });
  });
});
