import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

import { expect } from 'chai';
import { getMetricsFromStream, type PromData, type PromHistogramData, type PromMetrics } from 'prom2javascript';
import request from 'supertest';

import { testAppForSuite } from '../support/test-app-for-suite.js';
import { type TestApp } from '../support/test-server.js';

const HISTOGRAM = 'http_request_duration_seconds';

/** Scrapes `/metrics` and parses it with a Prometheus text-format parser. */
async function scrape(t: TestApp): Promise<{ contentType: string; metrics: PromMetrics }> {
  const response = await request(t.app).get('/metrics').expect(200);
  return { contentType: String(response.headers['content-type']), metrics: await getMetricsFromStream(Readable.from([response.text])) };
}

function requestSeries(metrics: PromMetrics): PromHistogramData[] {
  return (metrics[HISTOGRAM]?.data ?? []) as PromHistogramData[];
}

function labelKey(labels: Record<string, string>): string {
  return `${labels['method']} ${labels['route']} ${labels['status']}`;
}

describe('GET /metrics', function () {
  this.timeout(60_000);

  describe('after a mixed workload', () => {
    const t = testAppForSuite();
    let scraped: { contentType: string; metrics: PromMetrics };

    before(async () => {
      const created = await t.api.post('/v1/accounts/users').send({ email: 'mix@example.com', full_name: 'Mix' }).expect(201);
      await t.api.post('/v1/accounts/users').send({ email: 'mix@example.com', full_name: 'Mix' }).expect(409);
      await t.api.post('/v1/accounts/users').set('content-type', 'application/json').send('{"email":').expect(400);
      await t.api.get(`/v1/accounts/users/${(created.body as { id: string }).id}`).expect(200);
      await t.api.get(`/v1/accounts/users/${randomUUID()}`).expect(404);
      await t.api.get('/v1/accounts/users/not-a-uuid').expect(422);
      await t.api.put('/v1/accounts/users').expect(405);
      await request(t.app).get('/nowhere').expect(404);
      await request(t.app).get('/health/live').expect(200);
      await request(t.app).get('/health/ready').expect(200);
      await request(t.app).get('/openapi.json').expect(200);
      scraped = await scrape(t);
    });

    it('is the Prometheus text format and parses', () => {
      expect(scraped.contentType).to.match(/^text\/plain; version=0\.0\.4/);
      expect(Object.keys(scraped.metrics).length).to.be.greaterThan(20);
    });

    it('has one histogram series per method, route template and status that was served', () => {
      const histogram = scraped.metrics[HISTOGRAM];
      expect(histogram?.type).to.equal('histogram');
      expect(requestSeries(scraped.metrics).map((series) => labelKey(series.labels))).to.have.members([
        'POST /v1/accounts/users 201',
        'POST /v1/accounts/users 409',
        'POST /v1/accounts/users 400',
        'GET /v1/accounts/users/:user_id 200',
        'GET /v1/accounts/users/:user_id 404',
        'GET /v1/accounts/users/:user_id 422',
        'PUT /v1/accounts/users 405',
        'GET (unmatched) 404',
        'GET /health/live 200',
        'GET /health/ready 200',
        'GET /openapi.json 200',
      ]);
      for (const series of requestSeries(scraped.metrics)) {
        expect(series.count, labelKey(series.labels)).to.equal(1);
        expect(series.buckets['+Inf']).to.equal(1);
        expect(series.sum).to.be.at.least(0);
        expect(series.labels['service']).to.equal('proj');
      }
    });

    it('reports the database pool', () => {
      const gauge = (name: string) => (scraped.metrics[name]?.data as PromData[] | undefined)?.[0]?.value;
      expect(gauge('db_pool_connections_max')).to.equal(10);
      expect(gauge('db_pool_connections_idle')).to.be.within(1, 10);
      expect(gauge('db_pool_connections_in_use')).to.equal(0);
      expect(gauge('db_pool_requests_waiting')).to.equal(0);
    });

    it('reports process metrics', () => {
      expect(scraped.metrics).to.include.keys(
        'process_cpu_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_seconds',
        'nodejs_gc_duration_seconds',
      );
    });

    it('declares the cache counters (the cache adapter increments them)', () => {
      expect(scraped.metrics['cache_hits_total']?.type).to.equal('counter');
      expect(scraped.metrics['cache_misses_total']?.type).to.equal('counter');
    });
  });

  describe('under many distinct ids and unknown paths', () => {
    const t = testAppForSuite();

    it('never turns a raw id or path into a label', async () => {
      const ids = Array.from({ length: 60 }, () => randomUUID());
      const sent: string[] = [...ids];
      for (const id of ids) await t.api.get(`/v1/accounts/users/${id}`).expect(404);
      for (const id of ids.slice(0, 20)) {
        const malformed = `x${id.slice(0, 8)}`;
        sent.push(malformed);
        await t.api.get(`/v1/accounts/users/${malformed}`).expect(422);
        await t.api.get(`/v1/accounts/users/${id}/extra`).expect(404);
        await request(t.app).get(`/scanner/${id}/wp-login.php?user=${id}`).expect(404);
        await t.api.delete(`/v1/accounts/users/${id}`).expect(405);
      }
      for (let i = 0; i < 10; i += 1) {
        const email = `user${i}-${ids[i]?.slice(0, 8)}@example.com`;
        sent.push(email, email.split('@')[0] ?? email);
        await t.api
          .post('/v1/accounts/users')
          .send({ email, full_name: `User ${i}` })
          .expect(201);
      }

      const { metrics } = await scrape(t);
      const labelValues = Object.values(metrics).flatMap((metric) =>
        (metric.data as Array<{ labels: Record<string, string> }>).flatMap((series) => Object.values(series.labels)),
      );
      const leaked = sent.filter((value) => labelValues.some((label) => label.includes(value)));
      expect(leaked, 'raw values found in labels').to.deep.equal([]);

      const series = requestSeries(metrics);
      expect(series.map((s) => labelKey(s.labels))).to.have.members([
        'GET /v1/accounts/users/:user_id 404',
        'GET /v1/accounts/users/:user_id 422',
        'GET (unmatched) 404',
        'DELETE /v1/accounts/users/:user_id 405',
        'POST /v1/accounts/users 201',
      ]);
      expect(new Set(series.map((s) => s.labels['route']))).to.deep.equal(
        new Set(['/v1/accounts/users/:user_id', '(unmatched)', '/v1/accounts/users']),
      );
      const total = series.reduce((sum, s) => sum + s.count, 0);
      expect(total).to.equal(60 + 20 * 4 + 10);
    });
  });
});
