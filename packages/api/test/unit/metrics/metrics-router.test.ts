import { expect } from 'chai';
import request from 'supertest';

import { RecordingLogger, RecordingMetrics } from '@proj/application/testing';

import { createMetricsRouter } from '../../../src/metrics/metrics-router.js';
import { testApp } from '../support/test-app.js';

describe('GET /metrics', () => {
  it('serves the exposition with its content type, uncached', async () => {
    const metrics = new RecordingMetrics();
    metrics.observeRequest({ method: 'GET', route: '/x', status: 200, durationSeconds: 0.1 });
    const app = testApp(new RecordingLogger(), (a) => a.use(createMetricsRouter({ exposition: metrics })));
    const response = await request(app).get('/metrics').expect(200);
    expect(response.headers['content-type']).to.equal('text/plain; charset=utf-8');
    expect(response.headers['cache-control']).to.equal('no-store');
    expect(response.text).to.equal('request GET /x 200\n');
  });

  it('answers other methods with 405 and Allow', async () => {
    const app = testApp(new RecordingLogger(), (a) => a.use(createMetricsRouter({ exposition: new RecordingMetrics() })));
    const response = await request(app).post('/metrics').expect(405);
    expect(response.headers['allow']).to.equal('GET, HEAD, OPTIONS');
  });
});
