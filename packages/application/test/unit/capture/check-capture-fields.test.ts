import { expect } from 'chai';

import { checkCaptureFields } from '../../../src/index.js';

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
        { path: 'user_id', message: 'must be a UUID' },
        { path: 'artifact_id', message: 'must be a UUID' },
        { path: 'url', message: 'must be an absolute http or https URL' },
        { path: 'title', message: 'must be 1 to 500 characters' },
        { path: 'reading_depth', message: 'reading_depth out of range' },
        { path: 'name', message: 'must be 1 to 100 characters' },
        { path: 'embedding', message: 'must not be all zeros' },
        { path: 'centroid', message: 'must not be all zeros' },
      ]);
    });

    it('leaves the length of a vector to the command (empty or too long ones are not checked here)', () => {
      expect(checkCaptureFields({ embedding: [], centroid: new Array<number>(5000).fill(1) })).to.deep.equal([]);
    });
  });
});
