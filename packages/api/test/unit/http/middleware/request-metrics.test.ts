import { expect } from 'chai';
import express from 'express';
import request from 'supertest';

import { RecordingLogger, RecordingMetrics } from '@proj/application/testing';

import { requestMetrics } from '../../../../src/http/middleware/request-metrics.js';
import { routeOf } from '../../../../src/http/support/route-template.js';
import { testApp } from '../../support/test-app.js';

describe('requestMetrics', () => {
  let metrics: RecordingMetrics;
  let app: express.Express;

  beforeEach(() => {
    metrics = new RecordingMetrics();
    app = testApp(new RecordingLogger(), (a) => {
      a.use(requestMetrics({ metrics }));
      const router = express.Router();
      routeOf(router, '/v1/things/:thing_id').get((_req, res) => {
        res.status(200).json({ ok: true });
      });
      routeOf(router, '/v1/things').post(() => {
        throw new Error('boom');
      });
      a.use(router);
    });
  });

  it('observes a matched request under its route template, with its status and a duration', async () => {
    await request(app).get('/v1/things/0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b').expect(200);
    expect(metrics.requests).to.have.length(1);
    expect(metrics.requests[0]).to.include({ method: 'GET', route: '/v1/things/:thing_id', status: 200 });
    expect(metrics.requests[0]?.durationSeconds).to.be.a('number').and.at.least(0).and.below(60);
  });

  it('observes failures with the status the client got', async () => {
    await request(app).post('/v1/things').expect(500);
    expect(metrics.requests[0]).to.include({ method: 'POST', route: '/v1/things', status: 500 });
  });

  it('files unknown paths under (unmatched), never the path itself', async () => {
    await request(app).get('/wp-admin/0b6f1c1e/setup.php').expect(404);
    expect(metrics.requests[0]).to.include({ route: '(unmatched)', status: 404 });
    expect(JSON.stringify(metrics.requests)).not.to.contain('0b6f1c1e');
  });

  it('collapses methods outside the usual set into OTHER, so a client cannot multiply the series', async () => {
    for (const method of ['purge', 'propfind', 'mkcalendar', 'search']) {
      await (request(app) as unknown as Record<string, (path: string) => Promise<unknown>>)[method]?.('/v1/things/1');
    }
    await request(app).get('/v1/things/1');
    expect(new Set(metrics.requests.map((r) => r.method))).to.deep.equal(new Set(['OTHER', 'GET']));
  });
});
