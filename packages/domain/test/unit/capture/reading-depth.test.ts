import { expect } from 'chai';

import { InvalidCaptureFieldError, ReadingDepth } from '../../../src/index.js';

describe('ReadingDepth', () => {
  for (const value of [0, 0.1, 0.5, 1, 1.25, 1.5]) {
    it(`accepts ${value}`, () => {
      expect(ReadingDepth.of(value).value).to.equal(value);
    });
  }

  it('treats -0 as 0', () => {
    expect(Object.is(ReadingDepth.of(-0).value, 0)).to.equal(true);
    expect(ReadingDepth.of(-0).equals(ReadingDepth.of(0))).to.equal(true);
  });

  for (const value of [
    -0.0001,
    1.5000001,
    2,
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    '1' as unknown as number,
  ]) {
    it(`rejects ${String(value)} with the message "reading_depth out of range"`, () => {
      expect(() => ReadingDepth.of(value))
        .to.throw(InvalidCaptureFieldError)
        .that.deep.includes({ code: 'INVALID_READING_DEPTH', issues: [{ path: 'reading_depth', message: 'reading_depth out of range' }] });
    });
  }

  it('is frozen', () => {
    expect(Object.isFrozen(ReadingDepth.of(1))).to.equal(true);
  });
});
