import { expect } from 'chai';
import express from 'express';
import request from 'supertest';

import { RecordingLogger } from '@proj/application/testing';

import { accessLog } from '../../../../src/http/middleware/access-log.js';
import { notFound } from '../../../../src/http/middleware/not-found.js';
import { requestId } from '../../../../src/http/middleware/request-id.js';
import { errorHandler } from '../../../../src/http/problems/error-handler.js';
import { routeOf } from '../../../../src/http/support/route-template.js';

describe('accessLog', () => {
  let logger: RecordingLogger;
  let app: express.Express;
  let neverAnsweredClosed: () => void;
  let neverAnswered: Promise<void>;

  beforeEach(() => {
    logger = new RecordingLogger();
    neverAnswered = new Promise((resolve) => (neverAnsweredClosed = resolve));
    app = express();
    app.use(requestId({ logger }));
    app.use(accessLog());
    const router = express.Router();
    routeOf(router, '/v1/things/:thing_id').get((_req, res) => {
      res.status(200).json({ ok: true });
    });
    routeOf(router, '/health/ready').get((req, res) => {
      res.status(req.query['down'] === undefined ? 200 : 503).json({});
    });
    routeOf(router, '/v1/failing/:id').get(() => {
      throw new Error('boom');
    });
    routeOf(router, '/v1/never/:id').get((_req, res) => {
      // Never answers: the client gives up first. Listeners run in order, so the access log's has run by now.
      res.on('close', () => neverAnsweredClosed());
    });
    app.use(router);
    app.use(notFound());
    app.use(errorHandler());
  });

  const accessLines = () => logger.entries.filter((entry) => entry.message.startsWith('request '));

  describe('when a route matches', () => {
    it('writes one info line with the route template, never the raw path', async () => {
      await request(app).get('/v1/things/0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b?x=1').set('X-Request-Id', 'r-1');
      expect(accessLines()).to.have.length(1);
      const [line] = accessLines();
      expect(line?.level).to.equal('info');
      expect(line?.message).to.equal('request completed');
      expect(line?.fields).to.include({ request_id: 'r-1', method: 'GET', route: '/v1/things/:thing_id', status: 200 });
      expect(line?.fields['duration_ms']).to.be.a('number').and.to.be.at.least(0);
      expect(JSON.stringify(line)).not.to.contain('0b6f1c1e');
    });

    it('keeps the template when the handler fails', async () => {
      await request(app).get('/v1/failing/12345');
      expect(accessLines()[0]?.fields).to.include({ route: '/v1/failing/:id', status: 500 });
    });
  });

  describe('for a health probe', () => {
    it('logs a successful probe at debug, and a failed one at info', async () => {
      await request(app).get('/health/ready');
      await request(app).get('/health/ready?down');
      expect(accessLines().map((line) => [line.level, line.fields['status']])).to.deep.equal([
        ['debug', 200],
        ['info', 503],
      ]);
    });
  });

  describe('when no route matches', () => {
    it('logs the route as (unmatched)', async () => {
      await request(app).get('/v1/unknown/12345');
      expect(accessLines()[0]?.fields).to.include({ route: '(unmatched)', status: 404 });
      expect(JSON.stringify(accessLines())).not.to.contain('12345');
    });
  });

  describe('when the client goes away before the response', () => {
    it('logs the request once, as aborted', async () => {
      await request(app)
        .get('/v1/never/1')
        .timeout(100)
        .catch(() => undefined);
      await neverAnswered;
      expect(accessLines().map((line) => line.message)).to.deep.equal(['request aborted']);
      expect(accessLines()[0]?.fields).to.include({ route: '/v1/never/:id' });
    });
  });
});
