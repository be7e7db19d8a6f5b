#!/usr/bin/env node
// The workspace coverage gate. Merges every tier's coverage/<tier>/coverage-final.json per package,
// then fails when a package or the whole falls below its threshold (coverage.config.js) or below the
// committed baseline (baseline.json). `--update-baseline` rewrites the baseline from this run; a
// figure goes down only with `--decision NNNN`, the number of the decision record that says why.
//
// The baseline has one profile per way the integration tests get their database: with
// PROJ_TEST_DATABASE_URL they use that server; without it they start an embedded PostgreSQL, which
// runs (and measures) code that the other way never loads. Each run is compared with its own profile.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import libCoverage from 'istanbul-lib-coverage';

import { thresholds } from '../coverage.config.js';
import { decisionRecord, loweredFigures } from '../src/baseline.js';
import { workspaceCoverage } from '../src/workspace-coverage.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const baselineFile = join(here, '..', 'baseline.json');
const METRICS = ['lines', 'branches'];
const profile = process.env.PROJ_TEST_DATABASE_URL ? 'external-postgres' : 'embedded-postgres';

function percentages(summary) {
  return Object.fromEntries(METRICS.map((metric) => [metric, round(summary[metric].pct)]));
}

function round(value) {
  return Math.floor(value * 100) / 100;
}

const packages = workspaceCoverage(root);
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
function check(label, actual, threshold) {
  if (!actual) {
    failures.push(`${label}: no coverage was recorded (did its tests run?)`);
    return;
  }
  for (const metric of METRICS) {
    if (threshold && actual[metric] < threshold[metric]) {
      failures.push(`${label}: ${metric} ${actual[metric]}% is below the required ${threshold[metric]}%`);
    }
  }
}

console.log(`Coverage (lines / branches), merged over each package's test tiers; baseline profile ${profile}:`);
for (const [name, actual] of Object.entries(measured)) {
  const tiers = packages.get(name).tiers.join(', ');
  console.log(`  ${name.padEnd(20)} ${String(actual.lines).padStart(6)}% ${String(actual.branches).padStart(6)}%   (${tiers})`);
}
console.log(`  ${'overall'.padEnd(20)} ${String(overall.lines).padStart(6)}% ${String(overall.branches).padStart(6)}%`);

check('overall', overall, thresholds.overall);
for (const name of Object.keys(thresholds.packages)) check(name, measured[name], thresholds.packages[name]);
// No tolerance: two runs of the same code cover the same lines (decision 0096).
for (const lowered of loweredFigures(baseline, { overall, packages: measured })) failures.push(`below the baseline: ${lowered}`);

if (failures.length > 0) {
  console.error(`\nCoverage gate failed:\n${failures.map((failure) => `  - ${failure}`).join('\n')}`);
  console.error(
    'Add tests. If the drop is intended (code moved or deleted), write a decision record saying why, run ' +
      '`pnpm coverage:baseline --decision NNNN` and name the decision in the commit.',
  );
  process.exit(1);
}
console.log('Coverage gate passed (thresholds and baseline).');
