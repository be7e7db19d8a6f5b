import { expect } from 'chai';
import request from 'supertest';

import {
  BusinessRuleError,
  DependencyUnavailableError,
  InputValidationError,
  InvalidUserIdError,
  NotFoundError,
  UserAlreadyExistsError,
  UserNotFoundError,
  UserVersionMismatchError,
} from '@proj/application/errors';
import { RecordingLogger } from '@proj/application/testing';

import { RegisterUserBody } from '../../../../src/accounts/accounts-schemas.js';
import { failingWith, testApp } from '../../support/test-app.js';

class OrderNotFoundError extends NotFoundError {
  readonly code = 'ORDER_NOT_FOUND';
}

class OrderAlreadyShippedError extends BusinessRuleError {
  readonly code = 'ORDER_ALREADY_SHIPPED';
}

function zodErrorFor(input: unknown): unknown {
  const result = RegisterUserBody.safeParse(input);
  if (result.success) throw new Error('expected the input to be invalid');
  return result.error;
}

describe('a 422 with many invalid fields', () => {
  it('lists at most 20 of them, and never echoes a long field name whole', async () => {
    const body: Record<string, unknown> = { email: 'a@example.com', full_name: 'A' };
    for (let i = 0; i < 1_000; i += 1) body[`extra_${i}_${'k'.repeat(i === 0 ? 10_000 : 1)}`] = i;
    const app = testApp(new RecordingLogger(), (a) => a.get('/boom', failingWith(zodErrorFor(body))));
    const res = await request(app).get('/boom').expect(422);
    expect(res.body.errors).to.have.length(20);
    const paths = (res.body as { errors: Array<{ path: string }> }).errors.map((e) => e.path.length);
    expect(Math.max(...paths)).to.be.at.most(129);
  });
});

describe('errorHandler', () => {
  let logger: RecordingLogger;

  beforeEach(() => {
    logger = new RecordingLogger();
  });

  const respondTo = (error: unknown) =>
    request(testApp(logger, (app) => app.get('/things/:id', failingWith(error)))).get('/things/42?secret=1');

  describe('when a use case rejects with an InputValidationError', () => {
    it('answers 422 validation_failed with one entry per invalid field', async () => {
      const res = await respondTo(
        new InputValidationError([
          { path: 'email', message: 'must look like name@example.com' },
          { path: 'full_name', message: 'must not be blank' },
        ]),
      );
      expect(res.status).to.equal(422);
      expect(res.headers['content-type']).to.equal('application/problem+json; charset=utf-8');
      expect(res.body).to.deep.equal({
        type: 'https://proj.dev/problems/validation_failed',
        title: 'Validation failed',
        status: 422,
        detail: 'The request has invalid fields; see errors.',
        instance: '/things/42',
        code: 'validation_failed',
        request_id: res.headers['x-request-id'],
        errors: [
          { path: 'email', message: 'must look like name@example.com' },
          { path: 'full_name', message: 'must not be blank' },
        ],
      });
    });
  });

  describe('when the id is malformed (InvalidUserIdError)', () => {
    it('answers 422 with the user_id path, never 500', async () => {
      const res = await respondTo(new InvalidUserIdError());
      expect(res.status).to.equal(422);
      expect(res.body.code).to.equal('validation_failed');
      expect(res.body.errors).to.deep.equal([{ path: 'user_id', message: 'must be a UUID' }]);
    });
  });

  describe('when zod rejects the body', () => {
    it('answers 422 with dotted paths, unknown fields named, and `body` for the root', async () => {
      const fields = await respondTo(zodErrorFor({ email: 3, surprise: true }));
      expect(fields.status).to.equal(422);
      expect(fields.body.code).to.equal('validation_failed');
      expect(fields.body.errors).to.deep.equal([
        { path: 'email', message: 'must be a string' },
        { path: 'full_name', message: 'is required' },
        { path: 'surprise', message: 'is not an accepted field' },
      ]);

      const root = await respondTo(zodErrorFor(undefined));
      expect(root.body.errors).to.deep.equal([{ path: 'body', message: 'is required' }]);
    });
  });

  describe('when the resource is absent', () => {
    it('answers 404 with the error code lower-cased', async () => {
      const res = await respondTo(new UserNotFoundError('0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b'));
      expect(res.status).to.equal(404);
      expect(res.body).to.include({
        type: 'https://proj.dev/problems/user_not_found',
        title: 'User not found',
        code: 'user_not_found',
        detail: 'User 0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b not found',
      });
    });

    it('answers not_found, the kind of the error, with its message, for a NotFoundError whose code the catalog lacks', async () => {
      const res = await respondTo(new OrderNotFoundError('Order 42 not found'));
      expect(res.status).to.equal(404);
      expect(res.body).to.include({ code: 'not_found', title: 'Not found', detail: 'Order 42 not found' });
    });
  });

  describe('when the request conflicts with the current state', () => {
    it('answers 409 for a ConflictError', async () => {
      const res = await respondTo(new UserAlreadyExistsError());
      expect(res.status).to.equal(409);
      expect(res.body.code).to.equal('user_already_exists');
    });

    it('answers 409 conflict for a BusinessRuleError whose code the catalog lacks', async () => {
      const res = await respondTo(new OrderAlreadyShippedError('Order 42 has shipped'));
      expect(res.status).to.equal(409);
      expect(res.body).to.include({ code: 'conflict', detail: 'Order 42 has shipped' });
    });
  });

  describe('when a precondition of the request no longer holds', () => {
    it('answers 412 precondition_failed for a stale version, logged at debug only', async () => {
      const res = await respondTo(new UserVersionMismatchError('0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b', 3));
      expect(res.status).to.equal(412);
      expect(res.body).to.include({ code: 'precondition_failed', title: 'Precondition failed', status: 412 });
      expect(logger.entries.map((entry) => entry.level)).to.deep.equal(['debug']);
    });
  });

  describe('when a dependency is unavailable', () => {
    it('answers 503 dependency_unavailable with Retry-After, naming no dependency', async () => {
      const res = await respondTo(new DependencyUnavailableError('database', 5, { cause: new Error('ECONNREFUSED 10.0.0.7:5432') }));
      expect(res.status).to.equal(503);
      expect(res.headers['retry-after']).to.equal('5');
      expect(res.body.code).to.equal('dependency_unavailable');
      expect(res.text).not.to.contain('database');
      expect(res.text).not.to.contain('ECONNREFUSED');
    });

    it('logs one warning with the dependency and no error line', async () => {
      await respondTo(new DependencyUnavailableError('database', 5));
      expect(logger.entries.filter((e) => e.level === 'warn')).to.have.length(1);
      expect(logger.entries.find((e) => e.level === 'warn')?.fields).to.include({ dependency: 'database', status: 503 });
      expect(logger.entries.filter((e) => e.level === 'error')).to.be.empty;
    });

    it('rounds a fractional delay up to whole seconds', async () => {
      const res = await respondTo(new DependencyUnavailableError('database', 0.2));
      expect(res.headers['retry-after']).to.equal('1');
    });
  });

  describe('when the error is unexpected', () => {
    const leaky = new Error('duplicate key value violates unique constraint "users_email_key" in SELECT * FROM users');

    it('answers 500 internal_error with a generic detail, no message and no stack', async () => {
      const res = await respondTo(leaky);
      expect(res.status).to.equal(500);
      expect(res.body).to.deep.equal({
        type: 'https://proj.dev/problems/internal_error',
        title: 'Internal error',
        status: 500,
        detail: 'An unexpected error occurred. Quote the request id when reporting it.',
        instance: '/things/42',
        code: 'internal_error',
        request_id: res.headers['x-request-id'],
      });
      expect(res.text).not.to.contain('users_email_key');
      expect(res.text).not.to.contain('SELECT');
      expect(res.text).not.to.contain('at ');
    });

    it('logs it once at error level, with its stack and the request id', async () => {
      const res = await respondTo(leaky);
      const errors = logger.entries.filter((entry) => entry.level === 'error');
      expect(errors).to.have.length(1);
      const fields = errors[0]?.fields as { request_id: string; error: { message: string; stack: string } };
      expect(fields.request_id).to.equal(res.headers['x-request-id']);
      expect(fields.error.message).to.equal(leaky.message);
      expect(fields.error.stack).to.contain('error-handler.test.ts');
    });

    it('treats a thrown non-Error the same way', async () => {
      const res = await respondTo('a string');
      expect(res.status).to.equal(500);
      expect(res.body.code).to.equal('internal_error');
    });
  });

  describe('when the error is a client error', () => {
    it('logs nothing above info and never the body', async () => {
      const app = testApp(logger, (a) => a.post('/things', failingWith(new InputValidationError([{ path: 'email', message: 'bad' }]))));
      await request(app).post('/things').send({ email: 'secret@example.com' });
      expect(logger.entries.filter((e) => e.level === 'warn' || e.level === 'error')).to.be.empty;
      expect(JSON.stringify(logger.entries)).not.to.contain('secret@example.com');
    });
  });

  describe('when the response has already started', () => {
    it('logs the error and leaves the connection to Express', async () => {
      const app = testApp(logger, (a) =>
        a.get('/stream', (_req, res, next) => {
          res.status(200).write('partial');
          next(new Error('boom'));
        }),
      );
      const outcome = await request(app)
        .get('/stream')
        .then(
          (res) => res.status,
          () => 'connection closed',
        );
      expect(outcome).to.be.oneOf([200, 'connection closed']);
      expect(logger.entries.filter((e) => e.level === 'error')).to.have.length(1);
    });
  });
});
