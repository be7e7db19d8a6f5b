// The turbo cache check on fixture dry runs: a full hit passes; each way a second run can miss is
// reported with its reason (caching off, inputs changed by the run, a failed first run that stored
// nothing, a dependency's hash, no earlier run to compare with). Packages without the task do not count.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import { cacheMisses, changedInputs, realTasks } from '../src/turbo-cache.js';

const fixture = (name) => JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8'));

describe('turbo cache check', () => {
  it('finds nothing to say about a dry run where every task a package defines is a cache hit', () => {
    const dryRun = fixture('dry-run-full-hit.json');
    expect(realTasks(dryRun).map((task) => task.taskId)).to.deep.equal([
      '@proj/domain#build',
      '@proj/domain#typecheck',
      '@proj/domain#lint',
    ]);
    expect(cacheMisses(dryRun, fixture('summary-of-the-first-run.json'))).to.deep.equal([]);
  });

  it('names every task that would run again, and why, against the summary of the run before', () => {
    const misses = cacheMisses(fixture('dry-run-misses.json'), fixture('summary-of-the-first-run.json'));
    expect(misses).to.deep.equal([
      {
        taskId: '@proj/domain#typecheck',
        reason:
          'inputs changed since the earlier run (a task writes into them, or they change by themselves): src/generated.ts (new), src/index.ts (changed)',
      },
      {
        taskId: '@proj/domain#lint',
        reason: 'the earlier run had the same hash 3333 but stored nothing: it failed, or was run with --cache=local:r or --no-cache',
      },
      {
        taskId: '@proj/api#lint',
        reason: 'the hash of a task it depends on changed: @proj/coverage#build (src/gate.js (changed))',
      },
      { taskId: '@proj/ci#lint', reason: 'turbo.json turns caching off for this task' },
      { taskId: '@proj/bench#lint', reason: 'no cache entry for hash 7777, and no earlier run of this task to compare with' },
    ]);
  });

  it('still reports misses when there is no earlier summary', () => {
    expect(cacheMisses(fixture('dry-run-misses.json')).map((miss) => miss.taskId)).to.have.length(5);
  });

  it('blames the environment or turbo.json when neither inputs nor dependencies moved', () => {
    const dryRun = fixture('dry-run-misses.json');
    const summary = fixture('summary-of-the-first-run.json');
    summary.tasks.find((task) => task.taskId === '@proj/coverage#build').hash = '8899';
    const apiLint = cacheMisses(dryRun, summary).find((miss) => miss.taskId === '@proj/api#lint');
    expect(apiLint.reason).to.equal('its inputs and dependencies are the same but its hash is not: its environment or turbo.json changed');
  });

  it('lists added, removed and changed inputs in path order', () => {
    expect(changedInputs({ a: '1', b: '2', c: '3' }, { b: '2', c: '4', d: '5' })).to.deep.equal(['a (gone)', 'c (changed)', 'd (new)']);
  });
});
