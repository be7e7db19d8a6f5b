import { expect } from 'chai';

import { checkCaptureFields } from '../../../src/index.js';
import { FIELD_ISSUE } from '../../support/capture-field-issues.js';

const USER = '10000000-0000-4000-8000-000000000001';

describe('checkCaptureFields', () => {
  describe('when every given field is valid', () => {
    it('finds nothing, and checks no absent field', () => {
      expect(checkCaptureFields({})).to.deep.equal([]);
      expect(
        checkCaptureFields({
          userId: USER,
          artifactId: USER,
          url: 'https://example.com/a',
          title: 'A',
          readingDepth: 1.5,
          name: 'Reading',
          embedding: [0, 1],
          centroid: [1, 0, 0],
        }),
      ).to.deep.equal([]);
    });
  });

  describe('when fields are invalid', () => {
    it('lists every one, as the commands would', () => {
      expect(
        checkCaptureFields({
          userId: 'nope',
          artifactId: 'nope',
          url: 'ftp://example.com',
          title: ' ',
          readingDepth: 1.6,
          name: '',
          embedding: [0, 0],
          centroid: [0],
        }),
      ).to.deep.equal([
        FIELD_ISSUE.userId,
        FIELD_ISSUE.artifactId,
        FIELD_ISSUE.url,
        FIELD_ISSUE.title,
        FIELD_ISSUE.readingDepth,
        FIELD_ISSUE.name,
        FIELD_ISSUE.zeroEmbedding,
        FIELD_ISSUE.zeroCentroid,
      ]);
    });

    it('leaves the length of a vector to the command (empty or too long ones are not checked here)', () => {
      expect(checkCaptureFields({ embedding: [], centroid: new Array<number>(5000).fill(1) })).to.deep.equal([]);
    });
  });
});
