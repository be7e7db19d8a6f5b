import { availableParallelism } from 'node:os';

import { expect } from 'chai';

import { autoWorkers, cgroupCpuQuota, cpuBudget } from '../../../src/settings/auto-workers.js';

/** A file system of the given files only. */
const files =
  (contents: Record<string, string>) =>
  (path: string): string | undefined =>
    contents[path];

describe('PROJ_WORKERS=auto', () => {
  it('leaves a core to the rest of the machine without a quota, and never asks for no worker', () => {
    expect([1, 2, 3, 8].map((cores) => autoWorkers({ cores, quota: undefined }))).to.deep.equal([1, 1, 2, 7]);
  });

  it('runs one worker per whole CPU of a container quota, however many cores the node has', () => {
    expect(autoWorkers({ cores: 32, quota: 2 })).to.equal(2);
    expect(autoWorkers({ cores: 32, quota: 2.5 })).to.equal(2);
    expect(autoWorkers({ cores: 32, quota: 0.5 })).to.equal(1);
    expect(autoWorkers({ cores: 2, quota: 4 }), 'a quota above the cores').to.equal(2);
  });

  it('reads the cores of this process and the quota of its cgroup', () => {
    const budget = cpuBudget(files({ '/sys/fs/cgroup/cpu.max': '150000 100000\n' }));
    expect(budget).to.deep.equal({ cores: availableParallelism(), quota: 1.5 });
  });
});

describe('cgroupCpuQuota', () => {
  it('reads cgroup v2 cpu.max, where max means no quota', () => {
    expect(cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu.max': '200000 100000\n' }))).to.equal(2);
    expect(cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu.max': 'max 100000\n' }))).to.equal(undefined);
  });

  it('reads cgroup v1 quota over period, under either mount name, where -1 means no quota', () => {
    const v1 = (dir: string, quota: string) =>
      files({ [`${dir}/cpu.cfs_quota_us`]: `${quota}\n`, [`${dir}/cpu.cfs_period_us`]: '100000\n' });
    expect(cgroupCpuQuota(v1('/sys/fs/cgroup/cpu', '300000'))).to.equal(3);
    expect(cgroupCpuQuota(v1('/sys/fs/cgroup/cpu,cpuacct', '50000'))).to.equal(0.5);
    expect(cgroupCpuQuota(v1('/sys/fs/cgroup/cpu', '-1'))).to.equal(undefined);
  });

  it('has no quota when no cgroup file is there or one cannot be read as numbers', () => {
    expect(cgroupCpuQuota(files({}))).to.equal(undefined);
    expect(cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu.max': 'garbage\n' }))).to.equal(undefined);
    expect(cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu.max': '100000 0\n' }))).to.equal(undefined);
  });
});
