import { expect } from 'chai';

import { EmbeddingVector, InvalidCaptureFieldError, MAX_EMBEDDING_DIMENSION } from '../../../src/index.js';

describe('EmbeddingVector', () => {
  it('holds exactly the numbers given', () => {
    const vector = EmbeddingVector.of([1, -2.5, 0], 3);
    expect(vector.values).to.deep.equal([1, -2.5, 0]);
    expect(vector.dimension).to.equal(3);
  });

  it('keeps a frozen copy: changing the source array later changes nothing', () => {
    const source = [1, 2, 3];
    const vector = EmbeddingVector.of(source, 3);
    source[0] = 99;
    expect(vector.values).to.deep.equal([1, 2, 3]);
    expect(Object.isFrozen(vector.values)).to.equal(true);
    expect(Object.isFrozen(vector)).to.equal(true);
    expect(() => {
      (vector.values as number[])[0] = 5;
    }).to.throw(TypeError);
  });

  describe('when the input is invalid', () => {
    const cases: [string, unknown[], number, string][] = [
      ['too short', [1, 2], 3, 'must have exactly 3 numbers'],
      ['too long', [1, 2, 3, 4], 3, 'must have exactly 3 numbers'],
      ['NaN', [1, Number.NaN, 3], 3, 'must contain finite numbers only'],
      ['Infinity', [1, Number.POSITIVE_INFINITY, 3], 3, 'must contain finite numbers only'],
      ['a string', [1, '2', 3], 3, 'must contain finite numbers only'],
      ['a null', [1, null, 3], 3, 'must contain finite numbers only'],
      ['all zeros', [0, 0, -0], 3, 'must not be all zeros'],
    ];
    for (const [what, raw, dimension, message] of cases) {
      it(`rejects ${what}, naming the field`, () => {
        expect(() => EmbeddingVector.of(raw, dimension, 'centroid'))
          .to.throw(InvalidCaptureFieldError)
          .that.deep.includes({ code: 'INVALID_EMBEDDING', issues: [{ path: 'centroid', message }] });
      });
    }

    it('rejects something that is not an array, with path embedding by default', () => {
      expect(() => EmbeddingVector.of('1,2,3' as unknown as unknown[], 3))
        .to.throw(InvalidCaptureFieldError)
        .with.nested.property('issues[0].path', 'embedding');
    });

    it('refuses a dimension that no embedding space has (a programming error, not input)', () => {
      expect(() => EmbeddingVector.of([1], 0)).to.throw(RangeError);
      expect(() => EmbeddingVector.of([1], 1.5)).to.throw(RangeError);
      expect(() => EmbeddingVector.of([1], MAX_EMBEDDING_DIMENSION + 1)).to.throw(RangeError);
    });
  });

  describe('cosineSimilarity', () => {
    it('is 1 for the same direction, 0 for orthogonal, -1 for opposite', () => {
      const a = EmbeddingVector.of([1, 0], 2);
      expect(a.cosineSimilarity(EmbeddingVector.of([3, 0], 2))).to.equal(1);
      expect(a.cosineSimilarity(EmbeddingVector.of([0, 2], 2))).to.equal(0);
      expect(a.cosineSimilarity(EmbeddingVector.of([-1, 0], 2))).to.equal(-1);
    });

    it('matches the definition dot / (|a| |b|)', () => {
      const a = EmbeddingVector.of([1, 2, 3], 3);
      const b = EmbeddingVector.of([4, -5, 6], 3);
      expect(a.cosineSimilarity(b)).to.be.closeTo(12 / (Math.sqrt(14) * Math.sqrt(77)), 1e-12);
      expect(b.cosineSimilarity(a)).to.equal(a.cosineSimilarity(b));
    });

    it('refuses vectors of different dimensions', () => {
      expect(() => EmbeddingVector.of([1, 2], 2).cosineSimilarity(EmbeddingVector.of([1, 2, 3], 3))).to.throw(RangeError);
    });
  });

  it('compares by value', () => {
    expect(EmbeddingVector.of([1, 2], 2).equals(EmbeddingVector.of([1, 2], 2))).to.equal(true);
    expect(EmbeddingVector.of([1, 2], 2).equals(EmbeddingVector.of([1, 3], 2))).to.equal(false);
    expect(EmbeddingVector.of([1, 2], 2).equals(EmbeddingVector.of([1, 2, 3], 3))).to.equal(false);
  });
});
