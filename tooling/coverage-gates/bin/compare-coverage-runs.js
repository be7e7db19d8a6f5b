#!/usr/bin/env node
// Whether two runs of the same code cover the same lines and branch arms: the check behind the
// gate's zero tolerance (decision 0096). After a full test run, `save <file>` writes what ran;
// after another, `compare <file>` lists what one run covered and the other did not.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { coverageDifferences, coveredPlaces, workspaceCoverage } from '../src/workspace-coverage.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const [command, file] = process.argv.slice(2);
if ((command !== 'save' && command !== 'compare') || file === undefined) {
  console.error('usage: compare-coverage-runs.js save <file> | compare <file>');
  process.exit(2);
}
const places = coveredPlaces(workspaceCoverage(root));
if (command === 'save') {
  writeFileSync(file, `${JSON.stringify(places)}\n`);
  console.log(`${places.length} covered lines and branch arms written to ${file}`);
  process.exit(0);
}
const { onlyFirst, onlySecond } = coverageDifferences(JSON.parse(readFileSync(file, 'utf8')), places);
for (const place of onlyFirst) console.log(`only in ${file}: ${place}`);
for (const place of onlySecond) console.log(`only in this run: ${place}`);
console.log(`${places.length} covered places; ${onlyFirst.length + onlySecond.length} differ`);
process.exit(onlyFirst.length + onlySecond.length === 0 ? 0 : 1);
