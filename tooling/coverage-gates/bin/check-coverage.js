#!/usr/bin/env node
// The workspace coverage gate. Merges every tier's coverage/<tier>/coverage-final.json per package,
// then fails when a package or the whole falls below its threshold (coverage.config.js) or below the
// committed baseline (baseline.json). `--update-baseline` rewrites the baseline from this run; a
// figure goes down only with `--decision NNNN`, the number of the decision record that says why.
//
// The baseline has one profile per way the integration tests get their database: with
// PROJ_TEST_DATABASE_URL they use that server; without it they start an embedded PostgreSQL, which
// runs (and measures) code that the other way never loads. Each run is compared with its own profile.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import libCoverage from 'istanbul-lib-coverage';

import { baselineTolerance, thresholds } from '../coverage.config.js';
import { decisionRecord, loweredFigures } from '../src/baseline.js';
import { relativeCoverageMap } from '../src/diff-coverage.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const baselineFile = join(here, '..', 'baseline.json');
const METRICS = ['lines', 'branches'];
const profile = process.env.PROJ_TEST_DATABASE_URL ? 'external-postgres' : 'embedded-postgres';

/** Coverage maps of every package that has coverage output, keyed by package name. */
function collect() {
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

function percentages(summary) {
  return Object.fromEntries(METRICS.map((metric) => [metric, round(summary[metric].pct)]));
}

function round(value) {
  return Math.floor(value * 100) / 100;
}

const packages = collect();
const total = libCoverage.createCoverageSummary();
const measured = {};
for (const [name, { map }] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
  const summary = map.getCoverageSummary();
  total.merge(summary);
  measured[name] = percentages(summary);
}
const overall = percentages(total);

const baselines = existsSync(baselineFile) ? JSON.parse(readFileSync(baselineFile, 'utf8')) : {};
if (process.argv.includes('--update-baseline')) {
  const lowered = loweredFigures(baselines[profile], { overall, packages: measured });
  if (lowered.length > 0) {
    const decisionOption = process.argv.indexOf('--decision');
    const number = decisionOption === -1 ? undefined : process.argv[decisionOption + 1];
    const record = decisionRecord(root, number);
    if (!record) {
      console.error(`This would lower the ${profile} coverage baseline:\n${lowered.map((line) => `  - ${line}`).join('\n')}`);
      console.error(
        'Lowering it needs a decision record saying why: write docs/decisions/NNNN-….md, then run ' +
          '`pnpm coverage:baseline --decision NNNN` and name the decision in the commit message.',
      );
      process.exit(1);
    }
    console.log(`Lowering the ${profile} baseline under decision ${record}: name it in the commit message.`);
  }
  baselines[profile] = { overall, packages: measured };
  writeFileSync(baselineFile, `${JSON.stringify(baselines, null, 2)}\n`);
  console.log(`coverage baseline (${profile}) written to ${baselineFile}`);
  process.exit(0);
}

const baseline = baselines[profile];
if (!baseline) {
  console.error(`no ${profile} profile in ${baselineFile}: run \`pnpm coverage:baseline\` after a full test run`);
  process.exit(1);
}
const failures = [];
function check(label, actual, threshold, previous) {
  if (!actual) {
    failures.push(`${label}: no coverage was recorded (did its tests run?)`);
    return;
  }
  for (const metric of METRICS) {
    if (threshold && actual[metric] < threshold[metric]) {
      failures.push(`${label}: ${metric} ${actual[metric]}% is below the required ${threshold[metric]}%`);
    }
    if (previous && actual[metric] < previous[metric] - baselineTolerance) {
      failures.push(`${label}: ${metric} ${actual[metric]}% dropped below the baseline ${previous[metric]}%`);
    }
  }
}

console.log(`Coverage (lines / branches), merged over each package's test tiers; baseline profile ${profile}:`);
for (const [name, actual] of Object.entries(measured)) {
  const tiers = packages.get(name).tiers.join(', ');
  console.log(`  ${name.padEnd(20)} ${String(actual.lines).padStart(6)}% ${String(actual.branches).padStart(6)}%   (${tiers})`);
}
console.log(`  ${'overall'.padEnd(20)} ${String(overall.lines).padStart(6)}% ${String(overall.branches).padStart(6)}%`);

check('overall', overall, thresholds.overall, baseline.overall);
const names = new Set([...Object.keys(baseline.packages), ...Object.keys(thresholds.packages)]);
for (const name of names) check(name, measured[name], thresholds.packages[name], baseline.packages[name]);

if (failures.length > 0) {
  console.error(`\nCoverage gate failed:\n${failures.map((failure) => `  - ${failure}`).join('\n')}`);
  console.error(
    'Add tests. If the drop is intended (code moved or deleted), write a decision record saying why, run ' +
      '`pnpm coverage:baseline --decision NNNN` and name the decision in the commit.',
  );
  process.exit(1);
}
console.log('Coverage gate passed (thresholds and baseline).');
