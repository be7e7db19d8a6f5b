import { expect } from 'chai';
import request from 'supertest';

import { FakeTokenVerifier, RecordingLogger, RecordingMetrics } from '@proj/application/testing';

import { createApp, createMetricsApp } from '../../../src/index.js';
import { testSettings, unreachableCapture } from '../support/test-app.js';

const unreachable = {
  execute(): Promise<never> {
    return Promise.reject(new Error('this test must not reach a use case'));
  },
};

describe('metrics on a listener of their own', () => {
  it('the metrics app serves GET /metrics and answers anything else with problem+json', async () => {
    const metrics = new RecordingMetrics();
    metrics.observeRequest({ method: 'GET', route: '/x', status: 200, durationSeconds: 0.1 });
    const app = createMetricsApp({ metrics, logger: new RecordingLogger() });
    const scrape = await request(app).get('/metrics').expect(200);
    expect(scrape.text).to.equal('request GET /x 200\n');
    expect(scrape.headers).not.to.have.property('x-powered-by');
    const other = await request(app).get('/v1/accounts/users').expect(404);
    expect(other.headers['content-type']).to.contain('application/problem+json');
    expect(other.body.code).to.equal('not_found');
    expect((await request(app).post('/metrics')).status).to.equal(405);
  });

  it('the API app still measures requests but answers /metrics 404 when serveMetrics is false', async () => {
    const metrics = new RecordingMetrics();
    const app = createApp({
      accounts: { registerUser: unreachable, getUserById: unreachable, listUsers: unreachable, updateUser: unreachable },
      capture: unreachableCapture(),
      logger: new RecordingLogger(),
      tokenVerifier: new FakeTokenVerifier({}),
      settings: testSettings(),
      healthChecks: [],
      metrics,
      serveMetrics: false,
    });
    await request(app).get('/health/live').expect(200);
    const res = await request(app).get('/metrics').expect(404);
    expect(res.body.code).to.equal('not_found');
    expect(await metrics.render()).to.contain('GET /health/live 200');
  });
});
