import { expect } from 'chai';

import {
  DependencyUnavailableError,
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  InputValidationError,
  UserAlreadyExistsError,
  UserNotFoundError,
  UserVersionMismatchError,
} from '@proj/application/errors';

import { detailOf, exampleDetailOf, isProblemCode, PROBLEMS, type ProblemCode } from '../../../../src/http/problems/catalog.js';
import { HttpError, problem } from '../../../../src/http/problems/http-error.js';
import { mapError } from '../../../../src/http/problems/map-error.js';

const codes = Object.keys(PROBLEMS) as ProblemCode[];

describe('the problem catalog', () => {
  describe('when read as a table', () => {
    it('has lower snake codes, error statuses, and a title, a sentence and an example detail for each', () => {
      for (const code of codes) {
        const type = PROBLEMS[code];
        expect(code).to.match(/^[a-z]+(_[a-z]+)*$/);
        expect(type.status, code).to.be.within(400, 599);
        expect(type.title, code).to.match(/^[A-Z]/);
        expect(type.when, code).to.contain(`\`${code}\``);
        expect(exampleDetailOf(code), code).to.be.a('string').and.not.be.empty;
      }
    });

    it('gives every title to one code only', () => {
      const titles = codes.map((code) => PROBLEMS[code].title);
      expect(new Set(titles).size).to.equal(titles.length);
    });

    it('has the codes the contract names, also those no route answers yet', () => {
      expect(codes).to.include.members([
        'artifact_not_found',
        'subspace_not_found',
        'subspace_already_exists',
        'precondition_required',
        'legacy_unavailable',
        'legacy_timeout',
      ]);
      expect([PROBLEMS.precondition_required.status, PROBLEMS.legacy_unavailable.status, PROBLEMS.legacy_timeout.status]).to.deep.equal([
        428, 502, 504,
      ]);
    });

    it('knows its own codes and no others', () => {
      expect(isProblemCode('user_not_found')).to.equal(true);
      expect(isProblemCode('toString')).to.equal(false);
      expect(isProblemCode('USER_NOT_FOUND')).to.equal(false);
    });
  });

  describe('when a problem is raised by code', () => {
    it('takes its status from the catalog and its detail from the arguments', () => {
      const error = problem('forbidden', { args: ['accounts:read'], headers: { 'WWW-Authenticate': 'Bearer' } });
      expect(error).to.be.instanceOf(HttpError);
      expect(error).to.include({ status: 403, code: 'forbidden', message: detailOf('forbidden', 'accounts:read') });
      expect(error.headers).to.deep.equal({ 'WWW-Authenticate': 'Bearer' });
    });

    it('uses the default detail when the code takes no arguments', () => {
      expect(problem('not_found').message).to.equal('No resource exists at this path.');
      expect(problem('bad_request').message).to.equal('The request body could not be read.');
    });
  });

  describe('when the errors of the use cases are mapped', () => {
    const cases: Array<[unknown, ProblemCode]> = [
      [new UserNotFoundError('0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b'), 'user_not_found'],
      [new UserAlreadyExistsError(), 'user_already_exists'],
      [new UserVersionMismatchError('0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b', 1), 'precondition_failed'],
      [new IdempotencyInProgressError(1), 'idempotency_in_progress'],
      [new IdempotencyKeyReusedError(), 'idempotency_key_reused'],
      [new InputValidationError([{ path: 'email', message: 'is required' }]), 'validation_failed'],
      [new DependencyUnavailableError('database', 5), 'dependency_unavailable'],
    ];
    for (const [error, code] of cases) {
      it(`finds ${code} in the catalog, with its status`, () => {
        expect(mapError(error)).to.include({ code, status: PROBLEMS[code].status });
      });
    }
  });
});
