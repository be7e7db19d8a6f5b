// Lowering the committed coverage baseline needs a decision record: the figures that would go down
// are found per profile, and the record is looked up by its number.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';

import { decisionRecord, loweredFigures } from '../src/baseline.js';

const previous = {
  overall: { lines: 96.93, branches: 89.51 },
  packages: { '@proj/api': { lines: 97.56, branches: 88.47 }, '@proj/domain': { lines: 98.78, branches: 100 } },
};

describe('coverage baseline updates', () => {
  it('allows raising every figure, and a first baseline', () => {
    const next = {
      overall: { lines: 97, branches: 89.51 },
      packages: {
        '@proj/api': { lines: 97.56, branches: 90 },
        '@proj/domain': { lines: 99, branches: 100 },
        '@proj/new': { lines: 1, branches: 1 },
      },
    };
    expect(loweredFigures(previous, next)).to.deep.equal([]);
    expect(loweredFigures(undefined, next)).to.deep.equal([]);
  });

  it('names each figure that would go down, and a package that would no longer be measured', () => {
    const next = { overall: { lines: 96.9, branches: 89.51 }, packages: { '@proj/api': { lines: 97.56, branches: 88.4 } } };
    expect(loweredFigures(previous, next)).to.deep.equal([
      'overall lines 96.93% -> 96.9%',
      '@proj/api branches 88.47% -> 88.4%',
      '@proj/domain is no longer measured',
    ]);
  });

  it('finds a decision record by its four-digit number, and nothing for another number or none', () => {
    const root = mkdtempSync(join(tmpdir(), 'proj-baseline-'));
    try {
      mkdirSync(join(root, 'docs', 'decisions'), { recursive: true });
      writeFileSync(join(root, 'docs', 'decisions', '0094-diff-coverage.md'), '# 94.\n');
      expect(decisionRecord(root, '0094')).to.equal('0094-diff-coverage.md');
      expect(decisionRecord(root, '0095')).to.equal(undefined);
      expect(decisionRecord(root, '94')).to.equal(undefined);
      expect(decisionRecord(root, undefined)).to.equal(undefined);
      expect(decisionRecord(join(root, 'nowhere'), '0094')).to.equal(undefined);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
