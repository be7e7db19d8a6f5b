import { expect } from 'chai';

import { ConflictError } from '@proj/domain';

import { IdempotencyInProgressError } from '../../../src/errors/index.js';

describe('IdempotencyInProgressError', () => {
  it('is a conflict with the IDEMPOTENCY_IN_PROGRESS code that says when to retry', () => {
    const error = new IdempotencyInProgressError(2);

    expect(error).to.be.instanceOf(ConflictError);
    expect(error).to.include({ code: 'IDEMPOTENCY_IN_PROGRESS', retryAfterSeconds: 2 });
    expect(error.message).to.equal('A request with this idempotency key is still in progress');
  });
});
