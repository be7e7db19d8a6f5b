import { expect } from 'chai';

import { checkUserFields } from '../../../src/index.js';

describe('checkUserFields', () => {
  describe('when every given field is valid', () => {
    it('finds nothing', () => {
      expect(checkUserFields({ userId: '0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b', email: 'ada@example.com', fullName: 'Ada' })).to.deep.equal(
        [],
      );
    });

    it('checks nothing that is absent', () => {
      expect(checkUserFields({})).to.deep.equal([]);
    });
  });

  describe('when several fields are invalid', () => {
    it('lists every one of them, by the name the caller sent', () => {
      const issues = checkUserFields({ userId: 'x', email: 'nope', fullName: '' });
      expect(issues.map((issue) => issue.path)).to.deep.equal(['user_id', 'email', 'full_name']);
    });
  });
});
