import { expect } from 'chai';
import pg from 'pg';
import request from 'supertest';

import type { IdempotencyStore } from '@proj/application/edge';

import { buildServer } from '../../src/build-server.js';
import { eventually, newUserBody } from '../support/http.js';
import { testAppForSuite } from '../support/test-app-for-suite.js';
import { sharedRedisEnv } from '../support/test-server.js';

const USERS = '/v1/accounts/users';

for (const coordination of ['in-process', 'redis'] as const) {
  describe(`Idempotency-Key on POST ${USERS} (${coordination})`, function () {
    this.timeout(60_000);
    const t = testAppForSuite(async (suite) => ({
      PROJ_IDEMPOTENCY_LEASE_SECONDS: '1',
      ...(coordination === 'redis' ? await sharedRedisEnv(suite) : {}),
    }));

    before(() => {
      expect(t.adapters.coordination).to.equal(coordination);
    });

    const countUsers = async (email: string): Promise<number> =>
      (await t.database.query<{ n: number }>('select count(*)::int as n from users where email = $1', [email.toLowerCase()]))[0]?.n ?? -1;

    it('replays status, Location, ETag, content type and body byte for byte, creating one user', async () => {
      const body = newUserBody();
      const first = await t.api.post(USERS).set('Idempotency-Key', 'replay-1').send(body).expect(201);
      const again = await t.api
        .post(USERS)
        .set('Idempotency-Key', 'replay-1')
        .send({ full_name: body.full_name, email: body.email })
        .expect(201);
      expect(again.text).to.equal(first.text);
      for (const header of ['location', 'etag', 'content-type']) expect(again.headers[header], header).to.equal(first.headers[header]);
      expect(again.headers['idempotent-replayed']).to.equal('true');
      expect(first.headers).not.to.have.property('idempotent-replayed');
      expect(await countUsers(body.email)).to.equal(1);
    });

    it('replays an error response too (the first answer was a 422)', async () => {
      const first = await t.api.post(USERS).set('Idempotency-Key', 'replay-422').send({ email: 'nope' }).expect(422);
      const again = await t.api.post(USERS).set('Idempotency-Key', 'replay-422').send({ email: 'nope' }).expect(422);
      expect(again.body).to.deep.equal(first.body);
    });

    it('answers 422 idempotency_key_reused when the key comes back with another body', async () => {
      const body = newUserBody();
      await t.api.post(USERS).set('Idempotency-Key', 'reused-1').send(body).expect(201);
      const reused = await t.api.post(USERS).set('Idempotency-Key', 'reused-1').send(newUserBody()).expect(422);
      expect(reused.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(reused.body).to.include({ status: 422, code: 'idempotency_key_reused' });
    });

    it('answers 409 idempotency_in_progress while the first request is still running', async () => {
      const body = newUserBody();
      // Hold the first request inside its transaction by locking the users table.
      const blocker = new pg.Client({ connectionString: t.database.url });
      await blocker.connect();
      try {
        await blocker.query('begin');
        await blocker.query('lock table users in exclusive mode');
        const first = t.api
          .post(USERS)
          .set('Idempotency-Key', 'in-flight-1')
          .send(body)
          .then((r) => r);
        // The first request has reserved its key once it waits for the table lock.
        await eventually(async () => {
          const { rows } = await blocker.query<{ n: number }>(
            `select count(*)::int as n from pg_locks where not granted and relation = 'users'::regclass`,
          );
          return (rows[0]?.n ?? 0) > 0;
        });
        const second = await t.api.post(USERS).set('Idempotency-Key', 'in-flight-1').send(body);
        expect(second.status).to.equal(409);
        expect(second.body.code).to.equal('idempotency_in_progress');
        expect(second.headers['retry-after']).to.equal('1');
        await blocker.query('commit');
        expect((await first).status).to.equal(201);
      } finally {
        await blocker.end();
      }
      expect(await countUsers(body.email)).to.equal(1);
    });

    it('creates one user when the process dies between the write and the recording of the response', async () => {
      // An instance whose store never records a response: what a crash right after the commit leaves behind.
      const crashing: IdempotencyStore = {
        // Its reservation lasts 1 ms, so it has ended by the time the retry comes, as a crashed
        // instance's lease ends after its TTL.
        begin: (key, fingerprint) => t.adapters.idempotencyStore.begin(key, fingerprint, 1),
        complete: async () => false,
        release: async () => false,
      };
      const crashed = buildServer({ ...t.adapters, idempotencyStore: crashing }, t.settings);
      const body = newUserBody();
      const first = await request(crashed)
        .post(USERS)
        .auth(await t.token(), { type: 'bearer' })
        .set('Idempotency-Key', 'crash-1')
        .send(body)
        .expect(201);
      const retry = await t.api.post(USERS).set('Idempotency-Key', 'crash-1').send(body);
      expect(retry.status).to.equal(201);
      expect(retry.body).to.deep.equal(first.body);
      expect(retry.headers.location).to.equal(first.headers.location);
      expect(await countUsers(body.email)).to.equal(1);
    });

    it('rejects a malformed key with 422 validation_failed', async () => {
      const response = await t.api.post(USERS).set('Idempotency-Key', 'x'.repeat(256)).send(newUserBody()).expect(422);
      expect(response.body.code).to.equal('validation_failed');
    });
  });
}
