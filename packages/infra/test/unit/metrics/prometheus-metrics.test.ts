import { Readable } from 'node:stream';

import { expect } from 'chai';
import { getMetricsFromStream, type PromData, type PromHistogramData, type PromMetrics } from 'prom2javascript';
import sinon from 'sinon';

import { PrometheusMetrics, type ConnectionPoolStatistics } from '../../../src/index.js';

async function scrape(metrics: PrometheusMetrics): Promise<PromMetrics> {
  return getMetricsFromStream(Readable.from([await metrics.render()]));
}

describe('PrometheusMetrics', () => {
  it('exposes the request-duration histogram by method, route template and status', async () => {
    const metrics = new PrometheusMetrics({ serviceName: 'svc', processMetrics: false });
    metrics.observeRequest({ method: 'GET', route: '/v1/things/:id', status: 200, durationSeconds: 0.02 });
    metrics.observeRequest({ method: 'GET', route: '/v1/things/:id', status: 200, durationSeconds: 0.3 });
    metrics.observeRequest({ method: 'POST', route: '/v1/things', status: 201, durationSeconds: 0.004 });

    const histogram = (await scrape(metrics))['http_request_duration_seconds'];
    expect(histogram?.type).to.equal('histogram');
    const series = histogram?.data as PromHistogramData[];
    expect(series.map((s) => s.labels)).to.have.deep.members([
      { service: 'svc', method: 'GET', route: '/v1/things/:id', status: '200' },
      { service: 'svc', method: 'POST', route: '/v1/things', status: '201' },
    ]);
    const get = series.find((s) => s.labels['method'] === 'GET');
    expect(get?.count).to.equal(2);
    expect(get?.sum).to.be.closeTo(0.32, 1e-9);
    expect(get?.buckets['0.025']).to.equal(1);
    expect(get?.buckets['+Inf']).to.equal(2);
  });

  it('times requests forwarded upstream by upstream, method and status, a timeout or error as its status', async () => {
    const metrics = new PrometheusMetrics({ serviceName: 'svc', processMetrics: false });
    metrics.observeUpstreamRequest({ upstream: 'legacy', method: 'GET', status: 200, durationSeconds: 0.02 });
    metrics.observeUpstreamRequest({ upstream: 'legacy', method: 'GET', status: 'timeout', durationSeconds: 10 });
    const series = (await scrape(metrics))['upstream_request_duration_seconds']?.data as PromHistogramData[];
    expect(series.map((s) => s.labels)).to.have.deep.members([
      { service: 'svc', upstream: 'legacy', method: 'GET', status: '200' },
      { service: 'svc', upstream: 'legacy', method: 'GET', status: 'timeout' },
    ]);
  });

  const counters = [
    {
      what: 'shadow reads by route and result',
      name: 'legacy_shadow_comparisons_total',
      count: (metrics: PrometheusMetrics) => {
        metrics.countShadowComparison({ route: '/v1/things/:id', result: 'match' });
        metrics.countShadowComparison({ route: '/v1/things/:id', result: 'dropped' });
      },
      series: [
        { labels: { service: 'svc', route: '/v1/things/:id', result: 'match' }, value: 1 },
        { labels: { service: 'svc', route: '/v1/things/:id', result: 'dropped' }, value: 1 },
      ],
    },
    {
      what: 'calls to deprecated operations by operation and caller',
      name: 'http_deprecated_calls_total',
      count: (metrics: PrometheusMetrics) => {
        metrics.countDeprecatedCall({ operation: 'updateUser', caller: 'billing' });
        metrics.countDeprecatedCall({ operation: 'updateUser', caller: 'billing' });
        metrics.countDeprecatedCall({ operation: 'updateUser', caller: 'crm' });
      },
      series: [
        { labels: { service: 'svc', operation: 'updateUser', caller: 'billing' }, value: 2 },
        { labels: { service: 'svc', operation: 'updateUser', caller: 'crm' }, value: 1 },
      ],
    },
  ];
  for (const { what, name, count, series } of counters) {
    it(`counts ${what}`, async () => {
      const metrics = new PrometheusMetrics({ serviceName: 'svc', processMetrics: false });
      count(metrics);
      expect((await scrape(metrics))[name]?.data).to.have.deep.members(series);
    });
  }

  it('runs the dependency checks at scrape time: 1 for one that answers, 0 for one that fails or outlasts the timeout', async () => {
    const clock = sinon.useFakeTimers();
    try {
      const metrics = new PrometheusMetrics({ serviceName: 'svc', processMetrics: false });
      metrics.trackDependencies(
        [
          { name: 'database', required: true, check: async () => undefined },
          { name: 'cache', required: false, check: () => Promise.reject(new Error('ECONNREFUSED')) },
          { name: 'slow', required: false, check: () => new Promise(() => undefined) },
        ],
        1_000,
      );
      const scraping = scrape(metrics);
      await clock.tickAsync(1_000);
      expect((await scraping)['dependency_up']?.data).to.have.deep.members([
        { labels: { service: 'svc', dependency: 'database', required: 'true' }, value: 1 },
        { labels: { service: 'svc', dependency: 'cache', required: 'false' }, value: 0 },
        { labels: { service: 'svc', dependency: 'slow', required: 'false' }, value: 0 },
      ]);
    } finally {
      clock.restore();
    }
  });

  it('counts cache hits and misses per cache, and shows no series before the first lookup', async () => {
    const metrics = new PrometheusMetrics({ serviceName: 'svc', processMetrics: false });
    expect((await scrape(metrics))['cache_hits_total']?.data).to.deep.equal([]);
    metrics.recordHit('users');
    metrics.recordHit('users');
    metrics.recordMiss('users');
    const scraped = await scrape(metrics);
    expect(scraped['cache_hits_total']?.data).to.deep.equal([{ labels: { service: 'svc', cache: 'users' }, value: 2 }]);
    expect(scraped['cache_misses_total']?.data).to.deep.equal([{ labels: { service: 'svc', cache: 'users' }, value: 1 }]);
  });

  it('reads a tracked connection pool at scrape time', async () => {
    const metrics = new PrometheusMetrics({ serviceName: 'svc', processMetrics: false });
    let stats: ConnectionPoolStatistics = { total: 3, idle: 1, waiting: 0, max: 10 };
    metrics.trackConnectionPool(() => stats);
    const value = (scraped: PromMetrics, name: string) => (scraped[name]?.data as PromData[])[0]?.value;

    let scraped = await scrape(metrics);
    expect(value(scraped, 'db_pool_connections_in_use')).to.equal(2);
    expect(value(scraped, 'db_pool_connections_idle')).to.equal(1);
    expect(value(scraped, 'db_pool_requests_waiting')).to.equal(0);
    expect(value(scraped, 'db_pool_connections_max')).to.equal(10);

    stats = { total: 10, idle: 0, waiting: 4, max: 10 };
    scraped = await scrape(metrics);
    expect(value(scraped, 'db_pool_connections_in_use')).to.equal(10);
    expect(value(scraped, 'db_pool_requests_waiting')).to.equal(4);
  });

  it('includes the process metrics by default', async () => {
    // Read as text: right after creation the event-loop statistics have no sample yet and are
    // exposed as `Nan`, which Prometheus accepts but prom2javascript does not.
    const text = await new PrometheusMetrics({ serviceName: 'svc' }).render();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(text).to.match(new RegExp(`^# TYPE ${name} (counter|gauge)$`, 'm'));
    }
    expect(await new PrometheusMetrics({ serviceName: 'svc', processMetrics: false }).render()).not.to.contain('process_cpu_seconds_total');
  });

  it('keeps each instance on its own registry', async () => {
    const first = new PrometheusMetrics({ serviceName: 'one', processMetrics: false });
    const second = new PrometheusMetrics({ serviceName: 'two', processMetrics: false });
    first.recordHit('users');
    expect((await scrape(second))['cache_hits_total']?.data).to.deep.equal([]);
    expect(second.contentType).to.match(/^text\/plain; version=0\.0\.4/);
  });
});
