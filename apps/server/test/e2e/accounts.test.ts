import { expect } from 'chai';

import { expectProblem } from '../support/expect-problem.js';
import { testAppForSuite } from '../support/test-app-for-suite.js';

describe('accounts API over HTTP', () => {
  const t = testAppForSuite();

  async function countUsers(): Promise<number> {
    const [row] = await t.database.query<{ n: number }>('select count(*)::int as n from users');
    return row?.n ?? -1;
  }

  describe('POST /v1/accounts/users then GET /v1/accounts/users/{user_id}', () => {
    it('creates a normalised user and reads back an identical body', async () => {
      const created = await t.api
        .post('/v1/accounts/users')
        .send({ email: '  Ada.Lovelace@Example.com ', full_name: ' Ada Lovelace ' })
        .expect(201);
      expect(created.body).to.have.keys(['id', 'email', 'full_name', 'is_active', 'created_at', 'updated_at']);
      expect(created.body).to.include({ email: 'ada.lovelace@example.com', full_name: 'Ada Lovelace', is_active: true });
      expect(created.body.created_at).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(created.headers.location).to.equal(`/v1/accounts/users/${created.body.id as string}`);
      expect(created.headers.etag).to.be.a('string');

      const read = await t.api.get(created.headers.location as string).expect(200);
      expect(read.body).to.deep.equal(created.body);
      expect(read.headers.etag).to.equal(created.headers.etag);
    });

    it('accepts is_active=false', async () => {
      const created = await t.api
        .post('/v1/accounts/users')
        .send({ email: 'inactive@example.com', full_name: 'In Active', is_active: false })
        .expect(201);
      expect(created.body.is_active).to.equal(false);
    });
  });

  describe('when ten clients register one e-mail at once, in different letter case', () => {
    it('answers one 201 and nine 409 user_already_exists, and stores one row', async () => {
      const before = await countUsers();
      const emails = Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? 'RACE@example.com' : 'race@EXAMPLE.com').replace('race', i % 3 ? 'Race' : 'race'),
      );
      const responses = await Promise.all(emails.map((email) => t.api.post('/v1/accounts/users').send({ email, full_name: 'Racer' })));
      expect(responses.map((r) => r.status).sort()).to.deep.equal([201, ...Array<number>(9).fill(409)]);
      for (const conflict of responses.filter((r) => r.status === 409)) expectProblem(conflict, 409, 'user_already_exists');
      expect(await countUsers()).to.equal(before + 1);
    });
  });

  describe('when the input is wrong', () => {
    it('answers 422 validation_failed listing every invalid field', async () => {
      const response = await t.api.post('/v1/accounts/users').send({ email: 'not-an-email', full_name: '   ' });
      expectProblem(response, 422, 'validation_failed');
      expect((response.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).to.deep.equal(['email', 'full_name']);
    });

    it('lists shape errors and value errors together in one 422', async () => {
      const longName = await t.api.post('/v1/accounts/users').send({ full_name: 'x'.repeat(201), is_active: 'yes' });
      expectProblem(longName, 422, 'validation_failed');
      expect((longName.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).to.deep.equal([
        'email',
        'full_name',
        'is_active',
      ]);
      const allWrong = await t.api.post('/v1/accounts/users').send({ email: 'nope', full_name: '', is_active: 'no' });
      expectProblem(allWrong, 422, 'validation_failed');
      expect((allWrong.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).to.deep.equal([
        'email',
        'full_name',
        'is_active',
      ]);
    });

    it('answers 422 for missing fields and wrong types', async () => {
      const response = await t.api.post('/v1/accounts/users').send({ email: 42 });
      expectProblem(response, 422, 'validation_failed');
      expect((response.body.errors as Array<{ path: string }>).map((e) => e.path)).to.include.members(['email', 'full_name']);
    });

    it('answers 422 for a name with a NUL byte, and stores nothing', async () => {
      const before = await countUsers();
      const response = await t.api.post('/v1/accounts/users').send({ email: 'nul@example.com', full_name: 'Ada\u0000' });
      expectProblem(response, 422, 'validation_failed');
      expect(await countUsers()).to.equal(before);
    });

    it('answers 400 malformed_json for a broken body', async () => {
      const response = await t.api.post('/v1/accounts/users').set('Content-Type', 'application/json').send('{"email": ');
      expectProblem(response, 400, 'malformed_json');
    });

    it('answers 415 unsupported_media_type for a text/plain body', async () => {
      const response = await t.api.post('/v1/accounts/users').set('Content-Type', 'text/plain').send('email=a@b.c');
      expectProblem(response, 415, 'unsupported_media_type');
    });

    it('answers 413 payload_too_large over the body limit', async () => {
      const response = await t.api.post('/v1/accounts/users').send({ email: 'big@example.com', full_name: 'x'.repeat(200_000) });
      expectProblem(response, 413, 'payload_too_large');
    });

    it('answers 422 for a user id that is not a UUID', async () => {
      const response = await t.api.get("/v1/accounts/users/1' OR '1'='1");
      expectProblem(response, 422, 'validation_failed');
    });

    it('answers 404 user_not_found for an unknown user', async () => {
      const response = await t.api.get('/v1/accounts/users/00000000-0000-4000-8000-000000000000');
      expectProblem(response, 404, 'user_not_found');
    });

    it('answers 404 not_found for an unknown route', async () => {
      expectProblem(await t.api.get('/v1/nothing-here'), 404, 'not_found');
    });

    it('answers 405 with Allow for a known path and a wrong method', async () => {
      const response = await t.api.delete('/v1/accounts/users');
      expectProblem(response, 405, 'method_not_allowed');
      expect(response.headers.allow).to.contain('POST');
    });
  });

  describe('X-Request-Id', () => {
    it('echoes a well-formed id from the caller', async () => {
      const response = await t.api.get('/health/live').set('X-Request-Id', 'trace-123');
      expect(response.headers['x-request-id']).to.equal('trace-123');
    });

    it('replaces a malformed one with a generated id', async () => {
      const response = await t.api.get('/health/live').set('X-Request-Id', 'bad id\twith spaces');
      expect(response.headers['x-request-id']).to.be.a('string').and.not.equal('bad id\twith spaces');
    });
  });
});
