// Two runs are compared by the lines and branch arms they covered, read from every package's tiers.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import { coverageDifferences, coveredPlaces, workspaceCoverage } from '../src/workspace-coverage.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe('covered places of a workspace run', () => {
  let root;

  /** A workspace whose package `lib` has the given tiers' coverage (fixtures/coverage-<tier>.json). */
  function workspaceWith(...tiers) {
    rmSync(join(root, 'packages'), { recursive: true, force: true });
    mkdirSync(join(root, 'packages', 'lib'), { recursive: true });
    mkdirSync(join(root, 'apps'), { recursive: true });
    writeFileSync(join(root, 'packages', 'lib', 'package.json'), JSON.stringify({ name: '@proj/lib' }));
    for (const tier of tiers) {
      const dir = join(root, 'packages', 'lib', 'coverage', tier);
      mkdirSync(dir, { recursive: true });
      copyFileSync(join(fixtures, `coverage-${tier}.json`), join(dir, 'coverage-final.json'));
    }
    return workspaceCoverage(root);
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'proj-covered-places-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('lists the lines that ran and the branch arms taken, by package-relative path, merged over the tiers', () => {
    const places = coveredPlaces(workspaceWith('unit'));
    expect(places).to.include('packages/lib/src/tax.ts:3');
    expect(places).to.include('packages/lib/src/price.ts:4:2#0');
    expect(
      places.some((place) => place.endsWith(':7:2#0')),
      'branch 2 is not taken by the unit tier',
    ).to.equal(false);
    expect(coveredPlaces(workspaceWith('unit', 'e2e'))).to.include('packages/lib/src/price.ts:7:2#0');
  });

  it('finds no difference between two runs that covered the same code', () => {
    const places = coveredPlaces(workspaceWith('unit', 'e2e'));
    expect(coverageDifferences(places, [...places])).to.deep.equal({ onlyFirst: [], onlySecond: [] });
  });

  it('names what only one of two runs covered', () => {
    const unit = coveredPlaces(workspaceWith('unit'));
    const both = coveredPlaces(workspaceWith('unit', 'e2e'));
    const { onlyFirst, onlySecond } = coverageDifferences(both, unit);
    expect(onlySecond).to.deep.equal([]);
    expect(onlyFirst).to.include('packages/lib/src/price.ts:7:2#0');
  });
});
