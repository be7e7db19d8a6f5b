import { expect } from 'chai';

import { problemDetails } from '../../../../src/http/problems/problem-details.js';

describe('problemDetails', () => {
  const request = { instance: '/v1/accounts/users', requestId: 'r-1' };

  describe('when given a code', () => {
    it('takes the status and the title from the catalog, and the type URI from the code', () => {
      expect(problemDetails({ code: 'user_already_exists', detail: 'taken' }, request)).to.deep.equal({
        type: 'https://proj.dev/problems/user_already_exists',
        title: 'User already exists',
        status: 409,
        detail: 'taken',
        instance: '/v1/accounts/users',
        code: 'user_already_exists',
        request_id: 'r-1',
      });
    });

    it('spells acronyms in titles', () => {
      expect(problemDetails({ code: 'malformed_json', detail: 'x' }, request).title).to.equal('Malformed JSON');
    });
  });

  describe('when given field errors', () => {
    it('includes them, and omits the member otherwise', () => {
      const errors = [{ path: 'email', message: 'is required' }];
      expect(problemDetails({ code: 'validation_failed', detail: 'x', errors }, request).errors).to.deep.equal(errors);
      expect(problemDetails({ code: 'not_found', detail: 'x' }, request)).not.to.have.property('errors');
    });
  });
});
