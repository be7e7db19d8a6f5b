// The coverage of every package of the workspace, as its test tiers left it in
// <package>/coverage/<tier>/coverage-final.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { relativeCoverageMap } from './diff-coverage.js';

/**
 * Coverage maps of every package that has coverage output, keyed by package name, with the tiers
 * merged into each.
 * @returns {Map<string, { map: import('istanbul-lib-coverage').CoverageMap, tiers: string[] }>}
 */
export function workspaceCoverage(root) {
  const packages = new Map();
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, group))) {
      const coverageDir = join(root, group, name, 'coverage');
      if (!existsSync(coverageDir)) continue;
      const reports = [];
      const tiers = [];
      for (const tier of readdirSync(coverageDir)) {
        const file = join(coverageDir, tier, 'coverage-final.json');
        if (!existsSync(file)) continue;
        reports.push({ packageDir: `${group}/${name}`, report: JSON.parse(readFileSync(file, 'utf8')) });
        tiers.push(tier);
      }
      if (tiers.length === 0) continue;
      // Paths from the package folder on: a tier restored by turbo from another worktree's run
      // names the same files under that worktree's absolute path, and must merge with the others.
      const map = relativeCoverageMap(reports);
      const { name: packageName } = JSON.parse(readFileSync(join(root, group, name, 'package.json'), 'utf8'));
      packages.set(packageName, { map, tiers });
    }
  }
  return packages;
}

/**
 * What ran, as a sorted list of `file:line` entries for the lines that ran and
 * `file:line:column#arm` for the branch arms taken: two runs that cover the same code give the
 * same list.
 */
export function coveredPlaces(packages) {
  const places = [];
  for (const { map } of packages.values()) {
    for (const file of map.files()) {
      const coverage = map.fileCoverageFor(file);
      for (const [line, hits] of Object.entries(coverage.getLineCoverage())) if (hits > 0) places.push(`${file}:${line}`);
      for (const [id, arms] of Object.entries(coverage.b)) {
        // By position, not by id: V8 reports no blocks inside a function that never ran, so the
        // ids of the branches after it differ between two runs that differ in one function.
        const { start } = coverage.branchMap[id].loc ?? { start: { line: coverage.branchMap[id].line, column: 0 } };
        arms.forEach((hits, arm) => {
          if (hits > 0) places.push(`${file}:${start.line}:${start.column}#${arm}`);
        });
      }
    }
  }
  return places.sort();
}

/** The places covered by one run and not the other. */
export function coverageDifferences(first, second) {
  const inFirst = new Set(first);
  const inSecond = new Set(second);
  return {
    onlyFirst: first.filter((place) => !inSecond.has(place)),
    onlySecond: second.filter((place) => !inFirst.has(place)),
  };
}
