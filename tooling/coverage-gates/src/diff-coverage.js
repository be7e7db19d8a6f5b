// Diff coverage: of the lines a change touches, how many ran under the tests, and how many of the
// branches that start on them were taken. The change is the working tree against the merge base
// with main (origin/main first), so a branch is judged on what it adds, whatever the rest of the
// code base covers. Lines that hold no code (comments, types, blank lines) do not count.
import { execFileSync } from 'node:child_process';
import { sep } from 'node:path';

import libCoverage from 'istanbul-lib-coverage';

/** Minimum percentages on the lines a change touches. */
export const diffThresholds = { lines: 95, branches: 90 };

/** Refs tried, in order, for the merge base. */
export const BASE_REFS = ['origin/main', 'main'];

/**
 * The lines each file gains or changes in a unified diff (`git diff --unified=0`), keyed by the
 * file's path in the new version; deleted files and removed lines are not included.
 * @returns {Map<string, Set<number>>}
 */
export function changedLines(diff) {
  const changed = new Map();
  let file;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const path = line.slice(4).trim();
      file = path === '/dev/null' ? undefined : path.replace(/^b\//, '');
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!hunk || file === undefined) continue;
    const start = Number(hunk[1]);
    const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
    if (count === 0) continue;
    if (!changed.has(file)) changed.set(file, new Set());
    for (let number = start; number < start + count; number += 1) changed.get(file).add(number);
  }
  return changed;
}

/**
 * Diff coverage of a merged coverage map (file paths relative to the repository root, as `/`) over
 * the changed lines. Files the map does not measure (tests, tooling, type-only modules, other
 * languages) are left out.
 */
export function diffCoverage(coverageMap, changed) {
  const result = { lines: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 }, files: [] };
  for (const file of [...changed.keys()].sort()) {
    if (!coverageMap.files().includes(file)) continue;
    const wanted = changed.get(file);
    const coverage = coverageMap.fileCoverageFor(file);
    const uncoveredLines = [];
    let lines = 0;
    for (const [line, hits] of Object.entries(coverage.getLineCoverage())) {
      if (!wanted.has(Number(line))) continue;
      lines += 1;
      if (hits > 0) result.lines.covered += 1;
      else uncoveredLines.push(Number(line));
    }
    result.lines.total += lines;
    const uncoveredBranches = [];
    let branches = 0;
    const { branchMap, b: counts } = coverage.data;
    for (const [id, branch] of Object.entries(branchMap)) {
      const locations = branch.locations?.length ? branch.locations : [branch.loc];
      locations.forEach((location, arm) => {
        const line = location?.start?.line ?? branch.loc?.start?.line ?? branch.line;
        if (!wanted.has(line)) return;
        branches += 1;
        if ((counts[id]?.[arm] ?? 0) > 0) result.branches.covered += 1;
        else uncoveredBranches.push(line);
      });
    }
    result.branches.total += branches;
    if (lines + branches > 0) {
      result.files.push({
        file,
        lines,
        branches,
        uncoveredLines: uncoveredLines.sort((a, b) => a - b),
        uncoveredBranches: [...new Set(uncoveredBranches)].sort((a, b) => a - b),
      });
    }
  }
  return result;
}

/** Percentage covered, 100 when there is nothing to cover; floored to two decimals like the other gate. */
export function percent({ covered, total }) {
  return total === 0 ? 100 : Math.floor((covered / total) * 10_000) / 100;
}

/** The failures of a diff coverage result against the thresholds, as sentences (empty: it passes). */
export function diffCoverageFailures(result, thresholds = diffThresholds) {
  return ['lines', 'branches'].flatMap((metric) => {
    const value = percent(result[metric]);
    if (value >= thresholds[metric]) return [];
    return [
      `${metric}: ${value}% of the changed ${metric} (${result[metric].covered} of ${result[metric].total}) ran, below the required ${thresholds[metric]}%`,
    ];
  });
}

/**
 * A coverage map whose file paths are relative to the repository, from c8's JSON reports, each
 * given with the folder of the package it measured (`packages/domain`). A report's paths are
 * absolute, and may come from another checkout of the same sources (turbo restores test outputs
 * from a cache shared between git worktrees), so a path is read from the package's folder on:
 * `/elsewhere/packages/domain/src/x.ts` is `packages/domain/src/x.ts`.
 */
export function relativeCoverageMap(reports) {
  const map = libCoverage.createCoverageMap({});
  for (const { packageDir, report } of reports) {
    const relativeReport = {};
    for (const [path, data] of Object.entries(report)) {
      const normalised = path.split(sep).join('/');
      const at = normalised.lastIndexOf(`/${packageDir}/`);
      const file = at === -1 ? normalised : normalised.slice(at + 1);
      relativeReport[file] = { ...data, path: file };
    }
    map.merge(relativeReport);
  }
  return map;
}

/**
 * What the change is measured against: the merge base of HEAD with the first of {@link BASE_REFS}
 * that exists, or `undefined` with the reason (no such ref in a shallow clone, no git).
 */
export function mergeBase(root, refs = BASE_REFS) {
  const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  let head;
  try {
    head = git('rev-parse', 'HEAD');
  } catch {
    return { reason: 'not a git checkout' };
  }
  for (const ref of refs) {
    let base;
    try {
      git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
      base = git('merge-base', 'HEAD', ref);
    } catch {
      continue;
    }
    return { ref, base, head };
  }
  return { reason: `none of ${refs.join(', ')} exists here (a shallow clone? fetch main to check a branch)` };
}

/** The unified diff (no context) of the working tree against `base`, for source files. */
export function diffAgainst(root, base) {
  return execFileSync(
    'git',
    ['diff', '--unified=0', '--no-color', '--no-ext-diff', '--diff-filter=AMR', base, '--', '*.ts', '*.tsx', '*.js', '*.mjs', '*.cjs'],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
}
