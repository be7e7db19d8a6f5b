import { expect } from 'chai';

import { InputValidationError } from '../../src/errors/index.js';
import { validateAll } from '../../src/validation/validate-all.js';

describe('validateAll', () => {
  it('returns every value when all factories succeed', () => {
    expect(
      validateAll(
        () => 1,
        () => 'two',
      ),
    ).to.deep.equal([1, 'two']);
  });

  it('lets errors that are not validation errors through unchanged', () => {
    const boom = new TypeError('boom');
    expect(() =>
      validateAll(() => {
        throw boom;
      }),
    ).to.throw(boom);
  });

  it('is an InputValidationError with the VALIDATION_FAILED code', () => {
    expect(new InputValidationError([{ path: 'x', message: 'bad' }])).to.include({ code: 'VALIDATION_FAILED' });
  });
});
