import { randomBytes } from 'node:crypto';

import { expect } from 'chai';

import { pgBouncerOrSkip, type PgBouncerProcess, type TestDatabase } from '@proj/infra/testing';

import { expectProblem } from '../support/expect-problem.js';
import { newUserBody } from '../support/http.js';
import { sharedPostgres, sharedRedisEnv, startTestApp, type TestApp } from '../support/test-server.js';

const USERS = '/v1/accounts/users';

describe('two instances through PgBouncer in transaction pooling mode (PROJ_DATABASE_PREPARED_STATEMENTS=false)', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let bouncer: PgBouncerProcess;
  let a: TestApp;
  let b: TestApp;

  before(async function () {
    const redisEnv = await sharedRedisEnv(this);
    database = await (await sharedPostgres()).createDatabase();
    // Three server connections for two instances of eight: transactions of both share them.
    bouncer = await pgBouncerOrSkip(this, { upstreamUrl: database.url, poolMode: 'transaction', poolSize: 3 });
    const env = {
      PROJ_DATABASE_URL: bouncer.urlFor(database.name),
      PROJ_DATABASE_PREPARED_STATEMENTS: 'false',
      PROJ_DATABASE_POOL_MAX: '8',
      // The migrator holds a session-level advisory lock: migrations run against PostgreSQL directly.
      PROJ_MIGRATE_ON_START: 'false',
      ...redisEnv,
      PROJ_AUTH_JWT_SECRET: randomBytes(48).toString('base64url'),
    };
    a = await startTestApp(env, { database });
    b = await startTestApp(env, { database });
  });

  after(async () => {
    await a?.close();
    await b?.close();
    await bouncer?.dispose();
    await database?.drop();
  });

  it('reports the database ready through PgBouncer', async () => {
    const ready = await a.api.get('/health/ready').expect(200);
    expect(ready.body.checks.database.status).to.equal('up');
  });

  it('creates on one instance, reads, lists and updates on the other, with conditional requests', async () => {
    const created = await a.api.post(USERS).send(newUserBody()).expect(201);
    const location = created.headers.location as string;
    const read = await b.api.get(location).expect(200);
    expect(read.body).to.deep.equal(created.body);
    await b.api
      .get(location)
      .set('If-None-Match', read.headers.etag as string)
      .expect(304);
    const updated = await b.api
      .patch(location)
      .set('If-Match', read.headers.etag as string)
      .send({ full_name: 'Through The Pooler' })
      .expect(200);
    expect(updated.body.full_name).to.equal('Through The Pooler');
    expectProblem(
      await a.api
        .patch(location)
        .set('If-Match', read.headers.etag as string)
        .send({ is_active: false }),
      412,
      'precondition_failed',
    );
    const page = await a.api.get(`${USERS}?limit=100`).expect(200);
    expect(page.body.items.map((user: { id: string }) => user.id)).to.include(created.body.id);
  });

  it('lets one of twenty concurrent registrations of one e-mail, spread over both instances, succeed', async () => {
    const body = newUserBody();
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).api.post(USERS).send(body)));
    expect(responses.map((response) => response.status).sort()).to.deep.equal([201, ...Array<number>(19).fill(409)]);
    const [row] = await database.query<{ n: number }>('select count(*)::int as n from users where email = $1', [body.email]);
    expect(row?.n).to.equal(1);
  });

  it('creates one user for one Idempotency-Key sent to both instances at once, and replays it', async () => {
    const body = newUserBody();
    const key = `pooled-${randomBytes(6).toString('hex')}`;
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).api.post(USERS).set('Idempotency-Key', key).send(body)),
    );
    const created = responses.filter((response) => response.status === 201);
    expect(created, responses.map((response) => `${response.status} ${response.text}`).join('\n')).not.to.be.empty;
    expect(new Set(created.map((response) => response.body.id as string)).size).to.equal(1);
    for (const other of responses.filter((response) => response.status !== 201)) expectProblem(other, 409, 'idempotency_in_progress');
    const replay = await a.api.post(USERS).set('Idempotency-Key', key).send(body).expect(201);
    expect(replay.body.id).to.equal(created[0]?.body.id);
    const [row] = await database.query<{ n: number }>('select count(*)::int as n from users where email = $1', [body.email]);
    expect(row?.n).to.equal(1);
  });
});
