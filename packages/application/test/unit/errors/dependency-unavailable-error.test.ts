import { expect } from 'chai';

import { AppError } from '@proj/domain';

import { DependencyUnavailableError } from '../../../src/errors/index.js';

describe('DependencyUnavailableError', () => {
  it('names the dependency and when to retry, with the DEPENDENCY_UNAVAILABLE code', () => {
    const error = new DependencyUnavailableError('database', 5);

    expect(error).to.be.instanceOf(AppError);
    expect(error).to.include({ code: 'DEPENDENCY_UNAVAILABLE', dependency: 'database', retryAfterSeconds: 5 });
    expect(error.message).to.equal('database is unavailable');
    expect(error.name).to.equal('DependencyUnavailableError');
  });

  it('keeps the driver error it wraps as its cause', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:5432');

    expect(new DependencyUnavailableError('database', 1, { cause }).cause).to.equal(cause);
  });
});
