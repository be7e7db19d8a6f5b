import { expect } from 'chai';

import { InputValidationError } from '@proj/application/errors';

import { HttpError } from '../../../../src/http/problems/http-error.js';
import { entityTag, parseIfMatch } from '../../../../src/http/support/entity-tag.js';

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
      expect(parseIfMatch(entityTag(42))).to.deep.equal({ kind: 'versions', versions: [42] });
      expect(parseIfMatch(' "7" ')).to.deep.equal({ kind: 'versions', versions: [7] });
    });
  });

  describe('when it is a list of tags (RFC 9110: any of them may match)', () => {
    it('gives back the versions of the strong tags of ours, skipping the ones that can never match', () => {
      expect(parseIfMatch('"1", "2"')).to.deep.equal({ kind: 'versions', versions: [1, 2] });
      expect(parseIfMatch('W/"3",\t"4" ,"abc", "5"')).to.deep.equal({ kind: 'versions', versions: [4, 5] });
      expect(parseIfMatch(', "6",, ')).to.deep.equal({ kind: 'versions', versions: [6] });
      expect(parseIfMatch('"6", "6", "7"')).to.deep.equal({ kind: 'versions', versions: [6, 7] });
    });

    it('keeps a comma inside a tag as part of it', () => {
      expect(() => parseIfMatch('"1,2"'))
        .to.throw(HttpError)
        .that.includes({ status: 412 });
    });

    it('fails the precondition when no tag in it can match', () => {
      expect(() => parseIfMatch('W/"1", "x"'))
        .to.throw(HttpError)
        .that.includes({ status: 412, code: 'precondition_failed' });
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

  describe('when it is malformed', () => {
    for (const header of ['3', '"3', 'W/3', '"1" "2"', '"1", 2', '"a b"', '', ' , ', '*, "1"']) {
      it(`rejects ${JSON.stringify(header)} as invalid input on If-Match`, () => {
        expect(() => parseIfMatch(header))
          .to.throw(InputValidationError)
          .with.property('issues')
          .that.deep.equals([{ path: 'If-Match', message: 'must be entity tags as sent in ETag, separated by commas, or *' }]);
      });
    }
  });
});
