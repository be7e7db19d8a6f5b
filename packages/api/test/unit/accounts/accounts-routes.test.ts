import { expect } from 'chai';
import request from 'supertest';

import type { UserDto } from '@proj/application';
import { UserAlreadyExistsError, UserVersionMismatchError } from '@proj/application/errors';
import { FakeTokenVerifier, RecordingLogger } from '@proj/application/testing';

import { createApp } from '../../../src/index.js';
import { testSettings, unreachableCapture } from '../support/test-app.js';

/**
 * The accounts route table through createApp, with use cases that record their input and answer
 * what the test scripted: the answers the request checks of create-app.test.ts never reach.
 */
const USER_ID = '0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b';
const USER: UserDto = {
  id: USER_ID,
  email: 'ada@example.com',
  fullName: 'Ada Lovelace',
  isActive: true,
  createdAt: new Date('2026-01-01T12:00:00.000Z'),
  updatedAt: new Date('2026-01-02T12:00:00.000Z'),
  version: 3,
};
const USER_JSON = {
  id: USER_ID,
  email: 'ada@example.com',
  full_name: 'Ada Lovelace',
  is_active: true,
  created_at: '2026-01-01T12:00:00.000Z',
  updated_at: '2026-01-02T12:00:00.000Z',
};

describe('accounts routes', () => {
  let inputs: Record<string, unknown[]>;
  let answers: Record<string, () => unknown>;
  let app: ReturnType<typeof createApp>;

  const useCase = (name: string) => ({
    async execute(input: unknown): Promise<never> {
      await Promise.resolve();
      (inputs[name] ??= []).push(input);
      const answer = answers[name];
      if (!answer) throw new Error(`${name} was not expected`);
      return answer() as never;
    },
  });

  beforeEach(() => {
    inputs = {};
    answers = {};
    app = createApp({
      accounts: {
        registerUser: useCase('registerUser'),
        getUserById: useCase('getUserById'),
        listUsers: useCase('listUsers'),
        updateUser: useCase('updateUser'),
      },
      capture: unreachableCapture(),
      logger: new RecordingLogger(),
      tokenVerifier: new FakeTokenVerifier({ all: { subject: 'all', scopes: ['accounts:read', 'accounts:write'] } }),
      settings: testSettings(),
      healthChecks: [],
    });
  });

  describe('POST /v1/accounts/users', () => {
    it('answers 201 with Location and the version as ETag, passing the fields to the use case', async () => {
      answers['registerUser'] = () => USER;
      const res = await request(app)
        .post('/v1/accounts/users')
        .auth('all', { type: 'bearer' })
        .send({ email: 'ada@example.com', full_name: 'Ada Lovelace', is_active: true });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body).to.deep.equal(USER_JSON);
      expect(res.headers['location']).to.equal(`/v1/accounts/users/${USER_ID}`);
      expect(res.headers['etag']).to.equal('"3"');
      expect(inputs['registerUser']).to.deep.equal([{ email: 'ada@example.com', fullName: 'Ada Lovelace', isActive: true }]);
    });

    it('puts the v2 prefix in the Location of a v2 registration', async () => {
      answers['registerUser'] = () => USER;
      const res = await request(app)
        .post('/v2/accounts/users')
        .auth('all', { type: 'bearer' })
        .send({ email: 'ada@example.com', full_name: 'A' });
      expect(res.status).to.equal(201);
      expect(res.headers['location']).to.equal(`/v2/accounts/users/${USER_ID}`);
    });

    it('answers 409 user_already_exists for a taken address', async () => {
      answers['registerUser'] = () => {
        throw new UserAlreadyExistsError();
      };
      const res = await request(app)
        .post('/v1/accounts/users')
        .auth('all', { type: 'bearer' })
        .send({ email: 'ada@example.com', full_name: 'A' });
      expect(res.status).to.equal(409);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body.code).to.equal('user_already_exists');
    });
  });

  describe('GET /v1/accounts/users', () => {
    it('answers a page, passing limit, cursor and filter on', async () => {
      answers['listUsers'] = () => ({ items: [USER], nextCursor: 'next' });
      const res = await request(app).get('/v1/accounts/users?limit=1&cursor=c1&is_active=true').auth('all', { type: 'bearer' });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.deep.equal({ items: [USER_JSON], next_cursor: 'next' });
      expect(inputs['listUsers']).to.deep.equal([{ limit: 1, cursor: 'c1', isActive: true }]);
    });

    it('tags the page with an ETag that changes when one of its users does, and evaluates conditions on it', async () => {
      answers['listUsers'] = () => ({ items: [USER], nextCursor: null });
      const first = await request(app).get('/v1/accounts/users').auth('all', { type: 'bearer' });
      const etag = first.headers['etag'] as string;
      expect(etag).to.match(/^"[A-Za-z0-9_-]{27}"$/);

      const unchanged = await request(app).get('/v1/accounts/users').auth('all', { type: 'bearer' }).set('If-None-Match', etag);
      expect(unchanged.status).to.equal(304);
      expect((await request(app).get('/v1/accounts/users').auth('all', { type: 'bearer' }).set('If-Match', etag)).status).to.equal(200);

      answers['listUsers'] = () => ({ items: [{ ...USER, version: USER.version + 1 }], nextCursor: null });
      const changed = await request(app).get('/v1/accounts/users').auth('all', { type: 'bearer' }).set('If-None-Match', etag);
      expect(changed.status).to.equal(200);
      expect(changed.headers['etag']).to.not.equal(etag);
      const stale = await request(app).get('/v1/accounts/users').auth('all', { type: 'bearer' }).set('If-Match', etag);
      expect(stale.status).to.equal(412);
      expect(stale.body.code).to.equal('precondition_failed');
    });
  });

  describe('PATCH /v1/accounts/users/{user_id}', () => {
    const USER_URL = `/v1/accounts/users/${USER_ID}`;

    it('passes the versions of If-Match as the expected version and answers the new ETag', async () => {
      answers['updateUser'] = () => ({ ...USER, fullName: 'Ada King', version: 4 });
      const res = await request(app)
        .patch(USER_URL)
        .auth('all', { type: 'bearer' })
        .set('If-Match', '"3", "2"')
        .send({ full_name: 'Ada King' });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.full_name).to.equal('Ada King');
      expect(res.headers['etag']).to.equal('"4"');
      expect(inputs['updateUser']).to.deep.equal([{ userId: USER_ID, fullName: 'Ada King', isActive: undefined, expectedVersion: [3, 2] }]);
    });

    it('expects no version for If-Match: * or no If-Match', async () => {
      answers['updateUser'] = () => USER;
      await request(app).patch(USER_URL).auth('all', { type: 'bearer' }).set('If-Match', '*').send({ is_active: false });
      await request(app).patch(USER_URL).auth('all', { type: 'bearer' }).send({ is_active: false });
      expect(inputs['updateUser']?.map((input) => (input as { expectedVersion: unknown }).expectedVersion)).to.deep.equal([
        undefined,
        undefined,
      ]);
    });

    it('answers 412 precondition_failed when the user moved past the expected version', async () => {
      answers['updateUser'] = () => {
        throw new UserVersionMismatchError(USER_ID, [3]);
      };
      const res = await request(app).patch(USER_URL).auth('all', { type: 'bearer' }).set('If-Match', '"3"').send({ is_active: false });
      expect(res.status).to.equal(412);
      expect(res.body.code).to.equal('precondition_failed');
    });

    describe('with If-Unmodified-Since (RFC 9110 §13.1.4)', () => {
      // USER was last modified at 2026-01-02T12:00:00.000Z.
      const patch = (url = USER_URL) => request(app).patch(url).auth('all', { type: 'bearer' });

      it('applies the change at the version it checked when the user is unmodified since the date', async () => {
        answers['getUserById'] = () => ({ ...USER, updatedAt: new Date('2026-01-02T12:00:00.900Z') });
        answers['updateUser'] = () => ({ ...USER, version: 4 });
        // The same second as the modification (HTTP dates have whole seconds), then later, in each HTTP-date form.
        for (const date of ['Fri, 02 Jan 2026 12:00:00 GMT', 'Friday, 02-Jan-26 12:00:01 GMT', 'Fri Jan  2 12:00:01 2026']) {
          const res = await patch().set('If-Unmodified-Since', date).send({ is_active: false });
          expect(res.status, date).to.equal(200);
        }
        expect(inputs['updateUser']?.map((input) => (input as { expectedVersion: unknown }).expectedVersion)).to.deep.equal([
          [3],
          [3],
          [3],
        ]);
      });

      it('answers 412 precondition_failed, writing nothing, when the user was modified after the date', async () => {
        answers['getUserById'] = () => USER;
        const res = await patch().set('If-Unmodified-Since', 'Fri, 02 Jan 2026 11:59:59 GMT').send({ is_active: false });
        expect(res.status).to.equal(412);
        expect(res.body.code).to.equal('precondition_failed');
        expect(inputs['updateUser']).to.equal(undefined);
      });

      it('is ignored beside If-Match, and when the date is not an HTTP-date', async () => {
        answers['updateUser'] = () => USER;
        const past = 'Thu, 01 Jan 1970 00:00:00 GMT';
        await patch().set('If-Match', '"3"').set('If-Unmodified-Since', past).send({ is_active: false }).expect(200);
        await patch().set('If-Match', '*').set('If-Unmodified-Since', past).send({ is_active: false }).expect(200);
        for (const date of ['yesterday', '1970-01-01T00:00:00Z', 'Thu, 01 Jan 1970 00:00:00 UTC', 'Fri, 31 Feb 2026 00:00:00 GMT', '']) {
          await patch().set('If-Unmodified-Since', date).send({ is_active: false }).expect(200);
        }
        expect(inputs['getUserById']).to.equal(undefined);
        expect(inputs['updateUser']?.map((input) => (input as { expectedVersion: unknown }).expectedVersion)).to.deep.equal([
          [3],
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
        ]);
      });

      it('does not stand in for the If-Match that /v2 requires', async () => {
        const res = await patch(`/v2/accounts/users/${USER_ID}`)
          .set('If-Unmodified-Since', 'Fri, 02 Jan 2026 12:00:00 GMT')
          .send({ is_active: false });
        expect(res.status).to.equal(428);
        expect(inputs).to.deep.equal({});
      });

      it('answers 412 under /v2 only through If-Match', async () => {
        answers['updateUser'] = () => USER;
        await patch(`/v2/accounts/users/${USER_ID}`)
          .set('If-Match', '"3"')
          .set('If-Unmodified-Since', 'Thu, 01 Jan 1970 00:00:00 GMT')
          .send({ is_active: false })
          .expect(200);
      });
    });

    it('answers 428 precondition_required under /v2 without If-Match, before the use case', async () => {
      const res = await request(app).patch(`/v2/accounts/users/${USER_ID}`).auth('all', { type: 'bearer' }).send({ is_active: false });
      expect(res.status).to.equal(428);
      expect(res.body.code).to.equal('precondition_required');
      expect(inputs).to.deep.equal({});
    });
  });
});
