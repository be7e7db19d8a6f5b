import { expect } from 'chai';

import { InputValidationError } from '@proj/application/errors';

import { HttpError } from '../../../../src/http/problems/http-error.js';
import { contentRevision, entityTag, ifMatchHolds, parseIfMatch } from '../../../../src/http/support/entity-tag.js';

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

describe('ifMatchHolds (a read under If-Match)', () => {
  it('holds without the header and for *', () => {
    expect(ifMatchHolds(undefined, 3)).to.equal(true);
    expect(ifMatchHolds(' * ', 3)).to.equal(true);
  });

  it('holds when a strong tag of the list is the current one, numeric or opaque', () => {
    expect(ifMatchHolds('"2", "3"', 3)).to.equal(true);
    expect(ifMatchHolds('"abc_-1"', 'abc_-1')).to.equal(true);
  });

  it('does not hold for other tags, nor for the current one sent weak (If-Match compares strongly)', () => {
    expect(ifMatchHolds('"2"', 3)).to.equal(false);
    expect(ifMatchHolds('W/"3"', 3)).to.equal(false);
  });

  it('rejects a malformed header as invalid input on If-Match', () => {
    expect(() => ifMatchHolds('3', 3)).to.throw(InputValidationError);
    expect(() => ifMatchHolds(' , ', 3)).to.throw(InputValidationError);
  });
});

describe('contentRevision', () => {
  it('is a 27-character base64url digest, the same for the same parts', () => {
    expect(contentRevision(['a', 1, null])).to.match(/^[A-Za-z0-9_-]{27}$/);
    expect(contentRevision(['a', 1, null])).to.equal(contentRevision(['a', 1, null]));
  });

  it('differs when a part changes or parts are split differently', () => {
    const revisions = [
      contentRevision(['a', 1, null]),
      contentRevision(['a', 2, null]),
      contentRevision(['a', 1, '']),
      contentRevision(['a1', null]),
      contentRevision(['a', '1', 'null']),
    ];
    expect(new Set(revisions).size).to.equal(revisions.length);
  });
});
