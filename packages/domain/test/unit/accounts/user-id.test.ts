import { expect } from 'chai';

import { InvalidUserIdError, UserId } from '../../../src/index.js';

describe('UserId', () => {
  it('accepts a UUID and lower-cases it', () => {
    expect(UserId.of('0B4E7C1A-5D2F-4C8B-9A1E-3F6D2B7C8E90').value).to.equal('0b4e7c1a-5d2f-4c8b-9a1e-3f6d2b7c8e90');
  });

  it('compares by value', () => {
    const raw = '0b4e7c1a-5d2f-4c8b-9a1e-3f6d2b7c8e90';
    expect(UserId.of(raw).equals(UserId.of(raw.toUpperCase()))).to.equal(true);
    expect(UserId.of(raw).toString()).to.equal(raw);
  });

  for (const raw of ['', 'not-a-uuid', '0b4e7c1a5d2f4c8b9a1e3f6d2b7c8e90', '0b4e7c1a-5d2f-4c8b-9a1e-3f6d2b7c8e9z', "1' OR '1'='1"]) {
    it(`rejects ${JSON.stringify(raw)}`, () => {
      expect(() => UserId.of(raw))
        .to.throw(InvalidUserIdError)
        .with.property('code', 'INVALID_USER_ID');
    });
  }
});
