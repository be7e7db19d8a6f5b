#!/usr/bin/env node
// Totals the per-suite result files written by the summary reporter and prints one line
// "N passed, M failed". Exits non-zero when a test failed, when the task runner failed
// (its exit code is passed as the first argument), or when no suite reported at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runnerExit = Number(process.argv[2] ?? 0);

const results = [];
for (const group of ['packages', 'apps', 'tooling']) {
  for (const name of readdirSync(join(root, group))) {
    const dir = join(root, group, name, '.test-results');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      results.push({ where: `${group}/${name}/${file.replace(/\.json$/, '')}`, ...JSON.parse(readFileSync(join(dir, file), 'utf8')) });
    }
  }
}

let passed = 0;
let failed = 0;
let pending = 0;
console.log('\nTest suites:');
for (const r of results) {
  passed += r.passes;
  failed += r.failures;
  pending += r.pending;
  console.log(`  ${r.where.padEnd(40)} ${String(r.passes).padStart(4)} passed ${String(r.failures).padStart(3)} failed`);
}
if (runnerExit !== 0 && failed === 0) {
  console.log(`  the task runner exited with ${runnerExit} (a build, type check or suite crashed; see above)`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
process.exit(failed > 0 || results.length === 0 ? 1 : 0);
