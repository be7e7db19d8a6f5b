import { expect } from 'chai';

import { DependencyUnavailableError } from '@proj/application/errors';

import { isUniqueViolation, mapUnavailable } from '../../../src/db/map-pg-error.js';

describe('mapUnavailable', () => {
  for (const error of [{ code: 'ECONNREFUSED' }, { code: '57P01' }, { code: '53300' }, new Error('timeout exceeded when trying to connect'), new Error('Connection terminated unexpectedly')]) {
    it(`maps ${JSON.stringify(error) === '{}' ? (error as Error).message : JSON.stringify(error)} to DependencyUnavailableError`, () => {
      const mapped = mapUnavailable(error);
      expect(mapped).to.be.instanceOf(DependencyUnavailableError);
      expect(mapped).to.include({ dependency: 'database', retryAfterSeconds: 2 });
    });
  }

  it('returns other errors unchanged', () => {
    const error = { code: '42P01', message: 'relation does not exist' };
    expect(mapUnavailable(error)).to.equal(error);
  });
});

describe('isUniqueViolation', () => {
  it('matches the code and the constraint name', () => {
    expect(isUniqueViolation({ code: '23505', constraint: 'users_email_lower_key' }, 'users_email_lower_key')).to.equal(true);
    expect(isUniqueViolation({ code: '23505', constraint: 'other' }, 'users_email_lower_key')).to.equal(false);
    expect(isUniqueViolation(undefined, 'users_email_lower_key')).to.equal(false);
  });
});
