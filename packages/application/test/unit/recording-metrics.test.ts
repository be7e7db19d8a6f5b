import { expect } from 'chai';

import { RecordingMetrics } from '../../src/testing/index.js';

describe('RecordingMetrics', () => {
  it('keeps requests and cache lookups in order, and renders one line per request', async () => {
    const metrics = new RecordingMetrics();
    metrics.observeRequest({ method: 'GET', route: '/a/:id', status: 200, durationSeconds: 0.01 });
    metrics.recordHit('users');
    metrics.recordMiss('users');
    metrics.countDeprecatedCall({ operation: 'updateUser', caller: 'billing' });
    metrics.observeUpstreamRequest({ upstream: 'legacy', method: 'GET', status: 'timeout', durationSeconds: 1 });
    expect(metrics.upstreamRequests).to.deep.equal([{ upstream: 'legacy', method: 'GET', status: 'timeout', durationSeconds: 1 }]);
    metrics.countShadowComparison({ route: '/a/:id', result: 'match' });
    expect(metrics.shadowComparisons).to.deep.equal([{ route: '/a/:id', result: 'match' }]);
    expect(metrics.deprecatedCalls).to.deep.equal([{ operation: 'updateUser', caller: 'billing' }]);
    expect(metrics.cacheLookups).to.deep.equal([
      { cache: 'users', result: 'hit' },
      { cache: 'users', result: 'miss' },
    ]);
    expect(await metrics.render()).to.equal('request GET /a/:id 200\n');
    expect(metrics.contentType).to.match(/^text\/plain/);
  });
});
