import { performance } from 'node:perf_hooks';

import { expect } from 'chai';

import { RecordingLogger } from '@proj/application/testing';
import { RedisConnection, RedisDistributedLock } from '@proj/infra';
import { deleteKeys, type TestDatabase } from '@proj/infra/testing';

import { newUserBody } from '../support/http.js';
import { sharedPostgres, startTestApp, startTwoInstances, type TestApp, type TwoInstances } from '../support/test-server.js';

const USERS = '/v1/accounts/users';
const LIMIT_PER_MINUTE = 10;

describe('two instances on one PostgreSQL and one Redis', function () {
  this.timeout(120_000);
  let instances: TwoInstances | undefined;
  let database: TestDatabase;
  let env: Readonly<Record<string, string>>;
  let a: TestApp;
  let b: TestApp;

  before(async function () {
    instances = await startTwoInstances(this, { PROJ_RATE_LIMIT_PER_MINUTE: String(LIMIT_PER_MINUTE) });
    ({ a, b, database, env } = instances);
  });

  after(async () => {
    await instances?.close();
  });

  it('holds the rate limit across both: one caller (token subject) gets at most the limit, whichever instance answers', async () => {
    const startedAt = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 3 * LIMIT_PER_MINUTE }, (_, i) => (i % 2 ? a : b).api.get(`${USERS}/00000000-0000-4000-8000-000000000000`)),
    );
    const elapsedMs = performance.now() - startedAt;
    const allowed = responses.filter((r) => r.status !== 429).length;
    // A token bucket refills LIMIT per minute: over `elapsedMs` at most that many more can pass.
    const refilled = Math.floor((elapsedMs / 60_000) * LIMIT_PER_MINUTE);
    expect(allowed).to.be.within(LIMIT_PER_MINUTE, LIMIT_PER_MINUTE + refilled);
    // Counted per instance, each would have let LIMIT through: 2 x LIMIT in all.
    const limited = responses.filter((r) => r.status === 429);
    expect(limited.length).to.equal(responses.length - allowed);
    for (const r of limited) expect(r.body.code).to.equal('rate_limited');
  });

  it('creates one user for an idempotent POST sent to both at once, and both replay it', async () => {
    await flushLimits();
    const body = newUserBody('Twice Sent');
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).api.post(USERS).set('Idempotency-Key', 'both-at-once').send(body)),
    );
    const statuses = responses.map((r) => r.status);
    expect(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(),
    ).to.equal(true);
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).to.be.greaterThan(0);
    expect(new Set(created.map((r) => r.body.id as string)).size).to.equal(1);
    const [row] = await database.query<{ n: number }>('select count(*)::int as n from users where email = $1', [body.email]);
    expect(row?.n).to.equal(1);
    const replayA = await a.api.post(USERS).set('Idempotency-Key', 'both-at-once').send(body).expect(201);
    const replayB = await b.api.post(USERS).set('Idempotency-Key', 'both-at-once').send(body).expect(201);
    expect(replayA.text).to.equal(replayB.text);
    expect(replayA.body.id).to.equal(created[0]?.body.id);
  });

  it('shows a registration on instance A to a GET on instance B at once', async () => {
    await flushLimits();
    const created = await a.api.post(USERS).send(newUserBody('Written On A')).expect(201);
    const read = await b.api.get(created.headers.location as string).expect(200);
    expect(read.body).to.deep.equal(created.body);
    expect(read.headers.etag).to.equal(created.headers.etag);
  });

  it('shows a PATCH on instance A to a GET on instance B at once, from the refreshed cache', async () => {
    await flushLimits();
    const created = await a.api.post(USERS).send(newUserBody('Before Patch')).expect(201);
    const path = created.headers.location as string;
    await b.api.get(path).expect(200);
    const hitsBefore = (await b.cacheCounts()).hits;
    const stale = await b.api.get(path).expect(200);
    expect(stale.body.full_name).to.equal('Before Patch');

    const patched = await a.api
      .patch(path)
      .set('If-Match', created.headers.etag as string)
      .send({ full_name: 'After Patch' })
      .expect(200);

    const read = await b.api.get(path).expect(200);
    expect(read.body).to.deep.equal(patched.body);
    expect(read.headers.etag).to.equal(patched.headers.etag);
    expect((await b.cacheCounts()).hits, 'both reads on B were cache hits').to.equal(hitsBefore + 2);
  });

  it('lets one instance at a time hold the migration lock when both boot at once', async () => {
    const fresh = await (await sharedPostgres()).createDatabase();
    try {
      await fresh.query('drop schema public cascade; create schema public');
      const lockClient = RedisConnection.open({
        url: env['PROJ_REDIS_URL'] as string,
        connectTimeoutMs: 2_000,
        commandTimeoutMs: 2_000,
        logger: new RecordingLogger(),
      });
      await lockClient.ready(10_000);
      const held = await new RedisDistributedLock(lockClient, env['PROJ_REDIS_KEY_PREFIX'] as string).tryAcquire(
        'schema-migrations',
        30_000,
      );
      expect(held, 'the test holds the lock first').not.to.equal(undefined);
      let booted = 0;
      const booting = [startTestApp(env, { database: fresh }), startTestApp(env, { database: fresh })].map((p) =>
        p.then((app) => ((booted += 1), app)),
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(booted, 'no instance migrates while another holds the lock').to.equal(0);
      await held?.release();
      const apps = await Promise.all(booting);
      try {
        const applied = apps.flatMap((app) => app.logs.entries.filter((e) => e.message === 'migrations applied'));
        expect(applied, 'the migrations ran once').to.have.length(1);
        for (const app of apps) await app.api.post(USERS).send(newUserBody()).expect(201);
      } finally {
        for (const app of apps) await app.close();
        await lockClient.close();
      }
    } finally {
      await fresh.drop();
    }
  });

  /** Starts the next test with full allowances (the first test spent them). */
  async function flushLimits(): Promise<void> {
    await deleteKeys(env['PROJ_REDIS_URL'] as string, `${env['PROJ_REDIS_KEY_PREFIX'] as string}ratelimit:*`);
  }
});
