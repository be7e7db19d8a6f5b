// The diff coverage gate on fixture coverage data (two tiers of c8 output for a small package) and a
// fixture change: only the changed lines that hold code count, tiers add up, a test file or a
// deleted file changes nothing, and the gate fails below 95 % of lines or 90 % of branches. The merge
// base is found in throwaway git repositories: none without main, HEAD itself on main, the fork
// point on a branch.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import {
  changedLines,
  diffAgainst,
  diffCoverage,
  diffCoverageFailures,
  mergeBase,
  percent,
  relativeCoverageMap,
} from '../src/diff-coverage.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const read = (name) => readFileSync(join(fixtures, name), 'utf8');
const coverage = (...tiers) =>
  relativeCoverageMap(tiers.map((tier) => ({ packageDir: 'packages/lib', report: JSON.parse(read(`coverage-${tier}.json`)) })));

describe('diff coverage', () => {
  describe('changedLines', () => {
    it('reads the added and changed lines of each file from a diff without context, leaving deleted files out', () => {
      const changed = changedLines(read('change.diff'));
      expect([...changed.keys()]).to.deep.equal([
        'packages/lib/src/price.ts',
        'packages/lib/src/tax.ts',
        'packages/lib/test/price.test.ts',
      ]);
      expect([...changed.get('packages/lib/src/price.ts')]).to.deep.equal([4, 5, 6, 7, 8, 13]);
      expect([...changed.get('packages/lib/src/tax.ts')]).to.deep.equal([2, 3]);
    });
  });

  describe('diffCoverage and the gate', () => {
    it('counts the changed lines that hold code and the branches starting on them, over every tier, and fails under 95 % of lines', () => {
      const result = diffCoverage(coverage('unit', 'e2e'), changedLines(read('change.diff')));
      expect(result.lines).to.deep.equal({ covered: 6, total: 7 });
      expect(result.branches).to.deep.equal({ covered: 3, total: 3 });
      expect(result.files).to.deep.equal([
        { file: 'packages/lib/src/price.ts', lines: 6, branches: 3, uncoveredLines: [8], uncoveredBranches: [] },
        { file: 'packages/lib/src/tax.ts', lines: 1, branches: 0, uncoveredLines: [], uncoveredBranches: [] },
      ]);
      expect(percent(result.lines)).to.equal(85.71);
      expect(diffCoverageFailures(result)).to.deep.equal(['lines: 85.71% of the changed lines (6 of 7) ran, below the required 95%']);
    });

    it('without the e2e tier, the line and the branch only that tier ran are missing, and branches fail under 90 %', () => {
      const result = diffCoverage(coverage('unit'), changedLines(read('change.diff')));
      expect(result.lines).to.deep.equal({ covered: 5, total: 7 });
      expect(result.branches).to.deep.equal({ covered: 2, total: 3 });
      expect(result.files[0]).to.include({ file: 'packages/lib/src/price.ts' });
      expect(result.files[0].uncoveredLines).to.deep.equal([7, 8]);
      expect(result.files[0].uncoveredBranches).to.deep.equal([7]);
      expect(diffCoverageFailures(result)).to.have.length(2);
      expect(diffCoverageFailures(result)[1]).to.equal('branches: 66.66% of the changed branches (2 of 3) ran, below the required 90%');
    });

    it('passes a change whose code all ran, and one that touches no measured code', () => {
      const onlyTax = new Map([['packages/lib/src/tax.ts', new Set([2, 3])]]);
      expect(diffCoverageFailures(diffCoverage(coverage('unit'), onlyTax))).to.deep.equal([]);
      const onlyTests = new Map([['packages/lib/test/price.test.ts', new Set([1, 2, 3])]]);
      const nothing = diffCoverage(coverage('unit'), onlyTests);
      expect(nothing.lines.total + nothing.branches.total).to.equal(0);
      expect(diffCoverageFailures(nothing)).to.deep.equal([]);
    });

    it('reads paths from the package folder on, so a report restored from another checkout still counts', () => {
      const unit = JSON.parse(read('coverage-unit.json'));
      const elsewhere = Object.fromEntries(
        Object.entries(JSON.parse(read('coverage-e2e.json'))).map(([path, data]) => [path.replace('/repo/', '/work/wt/other/'), data]),
      );
      const map = relativeCoverageMap([
        { packageDir: 'packages/lib', report: unit },
        { packageDir: 'packages/lib', report: elsewhere },
      ]);
      expect(map.files().sort()).to.deep.equal(['packages/lib/src/price.ts', 'packages/lib/src/tax.ts']);
      expect(diffCoverage(map, changedLines(read('change.diff'))).lines).to.deep.equal({ covered: 6, total: 7 });
    });

    it('takes thresholds to compare with', () => {
      const result = diffCoverage(coverage('unit', 'e2e'), changedLines(read('change.diff')));
      expect(diffCoverageFailures(result, { lines: 80, branches: 100 })).to.deep.equal([]);
    });
  });

  describe('mergeBase', () => {
    let repo;
    const git = (...args) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    const commit = (file, content) => {
      writeFileSync(join(repo, file), content);
      git('add', file);
      git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', file);
    };

    beforeEach(() => {
      repo = mkdtempSync(join(tmpdir(), 'proj-diff-coverage-'));
      git('init', '-q', '-b', 'trunk');
      commit('a.ts', 'export const a = 1;\n');
    });
    afterEach(() => rmSync(repo, { recursive: true, force: true }));

    it('says why there is nothing to compare with when no main exists (a shallow clone of a branch)', () => {
      expect(mergeBase(repo)).to.deep.equal({
        reason: 'none of origin/main, main exists here (a shallow clone? fetch main to check a branch)',
      });
      expect(mergeBase(join(tmpdir()))).to.have.property('reason');
    });

    it('is HEAD itself on main, and the fork point on a branch, whose diff holds only the branch’s lines', () => {
      git('branch', 'main');
      git('checkout', '-q', 'main');
      const onMain = mergeBase(repo);
      expect(onMain).to.include({ ref: 'main' });
      expect(onMain.base).to.equal(onMain.head);

      git('checkout', '-q', '-b', 'feature');
      commit('b.ts', 'export const b = 2;\nexport const c = 3;\n');
      const onBranch = mergeBase(repo);
      expect(onBranch.base).to.equal(onMain.head);
      expect(onBranch.head).to.not.equal(onBranch.base);
      writeFileSync(join(repo, 'a.ts'), 'export const a = 10;\n');
      const changed = changedLines(diffAgainst(repo, onBranch.base));
      expect(Object.fromEntries([...changed].map(([file, lines]) => [file, [...lines]]))).to.deep.equal({ 'a.ts': [1], 'b.ts': [1, 2] });
    });
  });
});
