import { expect } from 'chai';

import { InputValidationError } from '@proj/application/errors';

import { entityTag, parseIfMatch } from '../../../src/http/entity-tag.js';
import { HttpError } from '../../../src/http/http-error.js';

describe('entityTag', () => {
  it('is a strong tag made of the version', () => {
    expect(entityTag(3)).to.equal('"3"');
  });
});

describe('parseIfMatch', () => {
  describe('when the header is absent', () => {
    it('sets no condition', () => {
      expect(parseIfMatch(undefined)).to.deep.equal({ kind: 'absent' });
    });
  });

  describe('when it is *', () => {
    it('accepts any version', () => {
      expect(parseIfMatch(' * ')).to.deep.equal({ kind: 'any' });
    });
  });

  describe('when it is one strong tag this API issued', () => {
    it('gives its version back', () => {
      expect(parseIfMatch(entityTag(42))).to.deep.equal({ kind: 'version', version: 42 });
      expect(parseIfMatch(' "7" ')).to.deep.equal({ kind: 'version', version: 7 });
    });
  });

  describe('when it is a well-formed tag that can never match', () => {
    for (const header of ['W/"3"', '"abc"', '"0"', '"007"', '""', '"9999999999999999"']) {
      it(`fails the precondition for ${header}`, () => {
        expect(() => parseIfMatch(header))
          .to.throw(HttpError)
          .that.includes({ status: 412, code: 'precondition_failed' });
      });
    }
  });

  describe('when it is malformed or a list', () => {
    for (const header of ['3', '"3', 'W/3', '"1", "2"', '"a b"', '']) {
      it(`rejects ${JSON.stringify(header)} as invalid input on If-Match`, () => {
        expect(() => parseIfMatch(header))
          .to.throw(InputValidationError)
          .with.property('issues')
          .that.deep.equals([{ path: 'If-Match', message: 'must be one entity tag, as sent in ETag, or *' }]);
      });
    }
  });
});
