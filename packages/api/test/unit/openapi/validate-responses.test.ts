import { expect } from 'chai';
import request from 'supertest';

import type { UserDto } from '@proj/application';
import { UserVersionMismatchError } from '@proj/application/errors';
import { RecordingLogger } from '@proj/application/testing';

import { createApp, type AppDependencies } from '../../../src/index.js';
import { ALL_SCOPES_TOKEN, testSettings, testTokenVerifier, unreachableCapture } from '../support/test-app.js';

const unreachable = { execute: (): Promise<never> => Promise.reject(new Error('not reached')) };
const USER: UserDto = {
  id: '0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b',
  email: 'ada@example.com',
  fullName: 'Ada Lovelace',
  isActive: true,
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  updatedAt: new Date('2026-01-01T00:00:00.000Z'),
  version: 4,
};

describe('validateResponses', () => {
  let logger: RecordingLogger;

  beforeEach(() => {
    logger = new RecordingLogger();
  });

  /** The real app, whose GET /v1/accounts/users/{user_id} returns `user`. */
  function appReturning(user: UserDto, validate: boolean): ReturnType<typeof createApp> {
    const deps: AppDependencies = {
      accounts: { registerUser: unreachable, getUserById: { execute: async () => user }, listUsers: unreachable, updateUser: unreachable },
      capture: unreachableCapture(),
      logger,
      tokenVerifier: testTokenVerifier(),
      healthChecks: [],
      settings: testSettings({ validateResponses: validate }),
    };
    return createApp(deps);
  }

  describe('when a handler answers as documented', () => {
    it('lets the response through untouched', async () => {
      const res = await request(appReturning(USER, true)).get(`/v1/accounts/users/${USER.id}`).auth(ALL_SCOPES_TOKEN, { type: 'bearer' });
      expect(res.status).to.equal(200);
      expect(res.headers['etag']).to.equal('"4"');
      expect(res.body.id).to.equal(USER.id);
      expect(logger.entries.filter((entry) => entry.level === 'error')).to.deep.equal([]);
    });

    it('checks documented problem responses too, and lets them through', async () => {
      const res = await request(appReturning(USER, true))
        .get('/v1/accounts/users/x?unexpected=1')
        .auth(ALL_SCOPES_TOKEN, { type: 'bearer' });
      expect(res.status).to.equal(422);
      expect(logger.entries.filter((entry) => entry.level === 'error')).to.deep.equal([]);
    });
  });

  describe('when a handler returns a body that does not match its documented schema', () => {
    const lying: UserDto = { ...USER, id: 'not-a-uuid', email: 42 as unknown as string };

    it('fails loudly: a 500 internal_error problem instead of the body, and no ETag', async () => {
      const res = await request(appReturning(lying, true)).get(`/v1/accounts/users/${USER.id}`).auth(ALL_SCOPES_TOKEN, { type: 'bearer' });
      expect(res.status).to.equal(500);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body).to.include({ code: 'internal_error', status: 500 });
      expect(res.headers).not.to.have.property('etag');
      expect(JSON.stringify(res.body)).not.to.contain('not-a-uuid');
    });

    it('logs at error which operation broke its contract, and where', async () => {
      await request(appReturning(lying, true))
        .get(`/v1/accounts/users/${USER.id}`)
        .auth(ALL_SCOPES_TOKEN, { type: 'bearer' })
        .set('X-Request-Id', 'lie-1');
      const [entry, ...others] = logger.entries.filter((e) => e.level === 'error');
      expect(others).to.deep.equal([]);
      expect(entry?.message).to.equal('response does not match the OpenAPI document');
      expect(entry?.fields).to.include({ operation: 'GET /v1/accounts/users/{user_id}', status: 200, request_id: 'lie-1' });
      expect(entry?.fields['problems'])
        .to.be.an('array')
        .that.satisfies((problems: string[]) => problems.some((p) => p.startsWith('id:')) && problems.some((p) => p.startsWith('email:')));
    });

    it('checks HEAD requests against the GET operation', async () => {
      expect(
        (await request(appReturning(lying, true)).head(`/v1/accounts/users/${USER.id}`).auth(ALL_SCOPES_TOKEN, { type: 'bearer' })).status,
      ).to.equal(500);
    });
  });

  describe('when an operation answers with a status it does not document', () => {
    it('fails loudly as well: a use case error mapped to 412 on an operation that never documents 412', async () => {
      const app = createApp({
        accounts: {
          registerUser: { execute: () => Promise.reject(new UserVersionMismatchError(USER.id, 1)) },
          getUserById: unreachable,
          listUsers: unreachable,
          updateUser: unreachable,
        },
        capture: unreachableCapture(),
        logger,
        tokenVerifier: testTokenVerifier(),
        healthChecks: [],
        settings: testSettings(),
      });
      const res = await request(app)
        .post('/v1/accounts/users')
        .auth(ALL_SCOPES_TOKEN, { type: 'bearer' })
        .send({ email: 'ada@example.com', full_name: 'Ada' });
      expect(res.status).to.equal(500);
      expect(res.body.code).to.equal('internal_error');
      const [entry] = logger.entries.filter((e) => e.level === 'error');
      expect((entry?.fields['problems'] as string[])[0]).to.match(/^status 412 is not documented/);
    });
  });

  describe('when validation is off, as in production', () => {
    it('mounts nothing, so the same lying body goes out as the handler made it', async () => {
      const lying: UserDto = { ...USER, id: 'not-a-uuid' };
      const app = appReturning(lying, false);
      const res = await request(app).get(`/v1/accounts/users/${USER.id}`).auth(ALL_SCOPES_TOKEN, { type: 'bearer' });
      expect(res.status).to.equal(200);
      expect(res.body.id).to.equal('not-a-uuid');
      // Middleware that every request crosses is chained into one layer named after them all.
      const names = (app as unknown as { router: { stack: Array<{ name: string }> } }).router.stack.flatMap((layer) =>
        layer.name.split(', '),
      );
      expect(names).not.to.include('validateResponse');
      expect(names).to.include('assignRequestId');
    });
  });
});
