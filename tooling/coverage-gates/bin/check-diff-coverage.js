#!/usr/bin/env node
// The diff coverage gate: on the lines a change touches (the working tree against its merge base
// with origin/main, else main), at least 95 % must have run under the tests and 90 % of the
// branches starting on them must have been taken. It reads the same coverage/<tier>/ reports as the
// workspace gate (check-coverage.js), so it runs after the test tasks. When there is nothing to
// compare (HEAD is the merge base, no main in a shallow clone, no measured line changed) it checks
// nothing and says so. `--base <ref>` compares with another ref.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  changedLines,
  diffAgainst,
  diffCoverage,
  diffCoverageFailures,
  diffThresholds,
  mergeBase,
  percent,
  relativeCoverageMap,
} from '../src/diff-coverage.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const baseOption = process.argv.indexOf('--base');
const refs = baseOption === -1 ? undefined : [process.argv[baseOption + 1]];

const base = mergeBase(root, refs);
if (base.reason) {
  console.log(`Diff coverage: nothing checked: ${base.reason}.`);
  process.exit(0);
}
const against = `${base.ref} (merge base ${base.base.slice(0, 10)})`;
const changed = changedLines(diffAgainst(root, base.base));
if (changed.size === 0) {
  const why = base.base === base.head ? 'HEAD is the merge base itself and the working tree has no change' : 'no source file differs';
  console.log(`Diff coverage against ${against}: nothing checked: ${why}.`);
  process.exit(0);
}

const reports = [];
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group))) {
    const coverageDir = join(root, group, name, 'coverage');
    if (!existsSync(coverageDir)) continue;
    for (const tier of readdirSync(coverageDir)) {
      const file = join(coverageDir, tier, 'coverage-final.json');
      if (existsSync(file)) reports.push({ packageDir: `${group}/${name}`, report: JSON.parse(readFileSync(file, 'utf8')) });
    }
  }
}
if (reports.length === 0) {
  // Only the sources of packages and apps are measured; a change elsewhere needs no report.
  if (![...changed.keys()].some((file) => /^(?:packages|apps)\/[^/]+\/src\//.test(file))) {
    console.log(`Diff coverage against ${against}: nothing checked: no source file of a package or app changed.`);
    process.exit(0);
  }
  console.error('Diff coverage: no coverage report found (coverage/<tier>/coverage-final.json): run the tests first.');
  process.exit(1);
}

const result = diffCoverage(relativeCoverageMap(reports), changed);
if (result.lines.total + result.branches.total === 0) {
  console.log(`Diff coverage against ${against}: nothing checked: ${changed.size} changed file(s), none with a measured line of code.`);
  process.exit(0);
}
console.log(
  `Diff coverage against ${against}: lines ${percent(result.lines)}% (${result.lines.covered}/${result.lines.total}), ` +
    `branches ${percent(result.branches)}% (${result.branches.covered}/${result.branches.total}); ` +
    `required ${diffThresholds.lines}% / ${diffThresholds.branches}%`,
);
for (const file of result.files) {
  if (file.uncoveredLines.length + file.uncoveredBranches.length === 0) continue;
  const parts = [];
  if (file.uncoveredLines.length > 0) parts.push(`lines not run: ${file.uncoveredLines.join(', ')}`);
  if (file.uncoveredBranches.length > 0) parts.push(`branches not taken on lines: ${file.uncoveredBranches.join(', ')}`);
  console.log(`  ${file.file}: ${parts.join('; ')}`);
}
const failures = diffCoverageFailures(result);
if (failures.length > 0) {
  console.error(`\nDiff coverage gate failed:\n${failures.map((failure) => `  - ${failure}`).join('\n')}`);
  console.error('Test the lines listed above (new and changed code needs its own tests).');
  process.exit(1);
}
console.log('Diff coverage gate passed.');
