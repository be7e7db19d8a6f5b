import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';
import pg from 'pg';
import type request from 'supertest';

import { EmbeddedPostgres } from '@proj/infra/dev';

import { startTestApp, type TestApp } from '../support/test-server.js';

const CONNECT_TIMEOUT_MS = 1_000;
const STATEMENT_TIMEOUT_MS = 2_000;
// "Never a hang": generous, because the machines running this are shared and slow; a hang
// would be bounded only by the HTTP server's 30 s request timeout, or not at all.
const ANSWER_BOUND_MS = 5 * (CONNECT_TIMEOUT_MS + STATEMENT_TIMEOUT_MS);

interface Timed<T> {
  readonly result: T;
  readonly ms: number;
}

async function timed<T>(work: () => PromiseLike<T>): Promise<Timed<T>> {
  const startedAt = performance.now();
  const result = await work();
  return { result, ms: Math.round(performance.now() - startedAt) };
}

function expectUnavailable(response: request.Response): void {
  expect(response.status, JSON.stringify(response.body)).to.equal(503);
  expect(response.type).to.equal('application/problem+json');
  expect(response.body).to.include({ status: 503, code: 'dependency_unavailable' });
  expect(Number(response.headers['retry-after'])).to.be.at.least(1);
}

/** The postmaster of the cluster in `dataDir` and its children (backends, background workers). */
function clusterProcesses(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // The parent pid is the second field after the parenthesised command name.
        return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]) === postmaster;
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

/** One line per measurement in the test output: these are the figures the outage test is about. */
function report(what: string, ms: number): void {
  process.stdout.write(`      measured: ${what}: ${ms} ms\n`);
}

describe('when PostgreSQL goes away under a running server', function () {
  this.timeout(180_000);
  // A PostgreSQL of this test's own: the shared one is never stopped.
  const dataDir = mkdtempSync(join(tmpdir(), 'proj-outage-'));
  let postgres: EmbeddedPostgres | undefined;
  let t: TestApp | undefined;
  let userPath: string;
  const api = (): request.Agent => {
    if (t === undefined) throw new Error('the app did not start');
    return t.api;
  };
  let frozen: number[] = [];
  const thaw = (): void => {
    for (const pid of frozen) process.kill(pid, 'SIGCONT');
    frozen = [];
  };

  before(async () => {
    postgres = await EmbeddedPostgres.start({ dataDir, ephemeral: true });
    const url = await postgres.ensureDatabase('outage');
    // The real wiring, with auth, over this test's own PostgreSQL.
    t = await startTestApp({
      PROJ_DATABASE_URL: url,
      PROJ_DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      PROJ_DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      // Reads must reach PostgreSQL here: a cached user would be answered without it.
      PROJ_CACHE_TTL_SECONDS: '0',
    });
    const created = await api().post('/v1/accounts/users').send({ email: 'outage@example.com', full_name: 'Out Age' }).expect(201);
    userPath = `/v1/accounts/users/${(created.body as { id: string }).id}`;
  });

  after(async () => {
    // Even when a test timed out while PostgreSQL was frozen.
    thaw();
    await t?.close();
    await postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 dependency_unavailable with Retry-After while it is down, and 2xx again soon after it returns, without a restart', async () => {
    await api().get(userPath).expect(200);
    const url = postgres?.url;
    await postgres?.stop();
    postgres = undefined;

    const read = await timed(() => api().get(userPath));
    expectUnavailable(read.result);
    expect(read.ms).to.be.below(ANSWER_BOUND_MS);
    report('503 on a read while PostgreSQL is down', read.ms);

    const write = await timed(() => api().post('/v1/accounts/users').send({ email: 'during@example.com', full_name: 'During' }));
    expectUnavailable(write.result);
    expect(write.ms).to.be.below(ANSWER_BOUND_MS);
    report('503 on a write while PostgreSQL is down', write.ms);

    const ready = await timed(() => api().get('/health/ready'));
    expect(ready.result.status).to.equal(503);
    expect(ready.result.body).to.deep.include({ status: 'unavailable' });
    expect(ready.result.body.checks.database.status).to.equal('down');
    report('readiness 503 while PostgreSQL is down', ready.ms);

    // Same data directory, same port: what an operator's restart looks like to the pool.
    postgres = await EmbeddedPostgres.start({ dataDir, ephemeral: true });
    expect(postgres.url).to.equal(url);
    const restartedAt = performance.now();
    let status = 0;
    while (status !== 200 && performance.now() - restartedAt < 60_000) {
      status = (await api().get(userPath)).status;
      if (status !== 200) await sleep(100);
    }
    const recovery = Math.round(performance.now() - restartedAt);
    expect(status, 'recovered without a restart').to.equal(200);
    report('first 200 after PostgreSQL was back', recovery);

    await api().get('/health/ready').expect(200);
    await api().post('/v1/accounts/users').send({ email: 'after@example.com', full_name: 'After' }).expect(201);
  });

  // Not down but silent (a frozen host, a partition): no error ever arrives, only timeouts help.
  (process.platform === 'linux' ? it : it.skip)(
    'answers 503 within the timeouts while PostgreSQL is frozen, and recovers when it thaws',
    async () => {
      await api().get(userPath).expect(200);
      frozen = clusterProcesses(dataDir);
      for (const pid of frozen) process.kill(pid, 'SIGSTOP');
      try {
        // The pool's idle connection is reused: only the client-side query timeout can end this.
        const read = await timed(() => api().get(userPath));
        expectUnavailable(read.result);
        expect(read.ms).to.be.below(ANSWER_BOUND_MS);
        report(`503 on a read while PostgreSQL is frozen (statement timeout ${STATEMENT_TIMEOUT_MS} ms + 1 s client margin)`, read.ms);

        const ready = await timed(() => api().get('/health/ready'));
        expect(ready.result.status).to.equal(503);
        report('readiness 503 while PostgreSQL is frozen', ready.ms);
      } finally {
        thaw();
      }
      const thawedAt = performance.now();
      let status = 0;
      while (status !== 200 && performance.now() - thawedAt < 60_000) {
        status = (await api().get(userPath)).status;
        if (status !== 200) await sleep(100);
      }
      expect(status, 'recovered without a restart').to.equal(200);
      report('first 200 after PostgreSQL thawed', Math.round(performance.now() - thawedAt));
    },
  );
});

describe('when every pooled connection is busy', function () {
  this.timeout(60_000);
  let t: TestApp;
  let blocker: pg.Client;
  let userPath: string;

  before(async () => {
    t = await startTestApp({
      PROJ_DATABASE_POOL_MAX: '1',
      // One caller exhausts the pool here on purpose: the per-caller bound would queue its second request instead.
      PROJ_CONCURRENCY_PER_CALLER: '0',
      PROJ_DATABASE_CONNECT_TIMEOUT_MS: '500',
      PROJ_DATABASE_STATEMENT_TIMEOUT_MS: '3000',
      // Reads must reach PostgreSQL here: a cached user would be answered without it.
      PROJ_CACHE_TTL_SECONDS: '0',
    });
    const created = await t.api.post('/v1/accounts/users').send({ email: 'busy@example.com', full_name: 'Busy' }).expect(201);
    userPath = `/v1/accounts/users/${(created.body as { id: string }).id}`;
    blocker = new pg.Client({ connectionString: t.database.url });
    await blocker.connect();
  });

  after(async () => {
    await blocker.end();
    await t.close();
  });

  async function appWaitingOnLock(): Promise<boolean> {
    const rows = await t.database.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where application_name = 'proj' and wait_event_type = 'Lock'",
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  it('answers 503 to a request that cannot get a connection in time, reports not ready, and serves again once one is free', async () => {
    // Hold a lock the app's only connection will wait on.
    await blocker.query('begin');
    await blocker.query('lock table users in access exclusive mode');
    const stuck = t.api.get(userPath).then((response) => response);
    const waitStartedAt = performance.now();
    while (!(await appWaitingOnLock())) {
      if (performance.now() - waitStartedAt > 20_000) throw new Error('the app never waited on the lock');
      await sleep(20);
    }

    // The pool's only connection is taken: the next request waits connectionTimeoutMillis for one.
    const starved = await timed(() => t.api.get(userPath));
    expectUnavailable(starved.result);
    report('503 for a request finding the pool exhausted (connect timeout 500 ms)', starved.ms);
    const ready = await t.api.get('/health/ready');
    expect(ready.status).to.equal(503);
    expect(ready.body.checks.database.status).to.equal('down');

    // The request holding the connection is cancelled by statement_timeout: a 503 too, not a 500.
    expectUnavailable(await stuck);
    await blocker.query('rollback');
    await t.api.get(userPath).expect(200);
    await t.api.get('/health/ready').expect(200);
  });
});
