import { expect } from 'chai';

import { packageOf, summarizeProfiles, type CpuProfile } from '../../src/profile-summary.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

describe('packageOf', () => {
  it('names the package a script belongs to', () => {
    expect(packageOf('file:///repo/node_modules/.pnpm/express@5.3.0/node_modules/express/lib/response.js', 'send')).to.equal('express');
    expect(
      packageOf(
        'file:///repo/node_modules/.pnpm/@asteasolutions+zod-to-openapi@9.1.0/node_modules/@asteasolutions/zod-to-openapi/dist/index.cjs',
        'x',
      ),
    ).to.equal('@asteasolutions/zod-to-openapi');
    expect(packageOf('file:///repo/packages/api/dist/http/access-log.js', 'log')).to.equal('@proj/api');
    expect(packageOf('node:internal/streams/writable', 'write')).to.equal('node:internal');
    expect(packageOf('', '(garbage collector)')).to.equal('(garbage collector)');
    expect(packageOf('', 'writev')).to.equal('native');
  });
});

describe('summarizeProfiles', () => {
  // root -> handler (express) -> stringify (api) ; root -> (idle)
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 4] },
      { id: 2, callFrame: frame('handle', 'file:///r/node_modules/.pnpm/express@5/node_modules/express/lib/router.js', 9), children: [3] },
      { id: 3, callFrame: frame('stringify', 'file:///r/packages/api/dist/x.js', 1) },
      { id: 4, callFrame: frame('(idle)') },
    ],
    samples: [2, 3, 3, 4, 3],
    timeDeltas: [1000, 1000, 1000, 5000, 1000],
  };

  it('splits busy time by package and function, leaves idle out, and counts total time once per stack', () => {
    const summary = summarizeProfiles([profile]);
    expect(summary.busyMs).to.equal(4);
    expect(summary.idleMs).to.equal(5);
    expect(summary.byPackage).to.deep.equal([
      { name: '@proj/api', ms: 3, share: 0.75 },
      { name: 'express', ms: 1, share: 0.25 },
    ]);
    expect(summary.bySelf[0]).to.deep.equal({ name: 'stringify packages/api/dist/x.js:2', ms: 3, share: 0.75 });
    expect(summary.byTotal[0]).to.deep.equal({ name: 'handle express/lib/router.js:10', ms: 4, share: 1 });
  });
});
