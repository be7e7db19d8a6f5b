#!/usr/bin/env node
// `pnpm turbo:cache-check`: proves that a second `turbo run build typecheck lint` with no change is
// a full cache hit. It runs the tasks once (mostly cache hits already; `--after-run` skips this when
// the caller has just run them, as `pnpm test:all` has), then asks turbo for a dry run of the same
// tasks and fails, naming each task and why, if any of them would not come from the cache.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { cacheMisses, realTasks } from '../src/turbo-cache.js';

const TASKS = ['build', 'typecheck', 'lint'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const turbo = join(root, 'node_modules', '.bin', 'turbo');
const afterRun = process.argv.includes('--after-run');

if (!afterRun) {
  const first = spawnSync(turbo, ['run', ...TASKS, '--summarize', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
  if (first.status !== 0) {
    console.error(`turbo cache check: the first \`turbo run ${TASKS.join(' ')}\` failed (exit ${first.status}); fix that first`);
    process.exit(1);
  }
}

const dryRun = JSON.parse(
  execFileSync(turbo, ['run', ...TASKS, '--dry=json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
);
// The summary of the run just made says which inputs moved; after someone else's run there is none to trust.
const misses = cacheMisses(dryRun, afterRun ? undefined : newestSummary());
const count = realTasks(dryRun).length;
if (misses.length === 0) {
  console.log(`turbo cache check: a second \`turbo run ${TASKS.join(' ')}\` takes all ${count} tasks from the cache`);
} else {
  console.error(`turbo cache check: a second \`turbo run ${TASKS.join(' ')}\` would run ${misses.length} of ${count} tasks again:`);
  for (const { taskId, reason } of misses) console.error(`  ${taskId}: ${reason}`);
  if (afterRun) console.error('Run `pnpm turbo:cache-check` to see which inputs or dependencies change between two runs.');
  process.exit(1);
}

/** The newest `--summarize` run summary, if any (turbo writes them to .turbo/runs). */
function newestSummary() {
  const dir = join(root, '.turbo', 'runs');
  if (!existsSync(dir)) return undefined;
  const newest = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ file, time: statSync(join(dir, file)).mtimeMs }))
    .sort((a, b) => b.time - a.time)[0];
  return newest === undefined ? undefined : JSON.parse(readFileSync(join(dir, newest.file), 'utf8'));
}
