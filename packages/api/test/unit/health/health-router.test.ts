import { expect } from 'chai';
import request from 'supertest';

import type { HealthCheck } from '@proj/application/edge';
import { RecordingLogger } from '@proj/application/testing';

import { createHealthRouter, type HealthRouterOptions } from '../../../src/health/health-router.js';
import { testApp } from '../support/test-app.js';

const up = (name: string, required = true): HealthCheck => ({ name, required, check: async () => undefined });
const rejecting = (name: string, required: boolean): HealthCheck => ({
  name,
  required,
  check: async () => {
    throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
  },
});
const throwing = (name: string): HealthCheck => ({
  name,
  required: true,
  check: () => {
    throw new Error('sync failure');
  },
});
const hanging = (name: string, required: boolean): HealthCheck => ({
  name,
  required,
  check: () => new Promise<void>(() => undefined),
});

describe('createHealthRouter', () => {
  let logger: RecordingLogger;

  beforeEach(() => {
    logger = new RecordingLogger();
  });

  const appWith = (options: Partial<HealthRouterOptions>) =>
    testApp(logger, (app) => app.use(createHealthRouter({ healthChecks: [], timeoutMs: 50, ...options })));

  describe('GET /health/live', () => {
    describe('when the process runs', () => {
      it('answers 200 {status: ok}, uncached', async () => {
        const res = await request(appWith({ isDraining: () => true })).get('/health/live');
        expect(res.status).to.equal(200);
        expect(res.body).to.deep.equal({ status: 'ok' });
        expect(res.headers['cache-control']).to.equal('no-store');
      });
    });
  });

  describe('GET /health/ready', () => {
    describe('when every check is up', () => {
      it('answers 200 ok with each check and its latency', async () => {
        const res = await request(appWith({ healthChecks: [up('database'), up('cache', false)] })).get('/health/ready');
        expect(res.status).to.equal(200);
        expect(res.body.status).to.equal('ok');
        expect(res.body.draining).to.equal(false);
        expect(res.body.checks.database).to.include({ status: 'up', required: true });
        expect(res.body.checks.cache).to.include({ status: 'up', required: false });
        expect(res.body.checks.database.latency_ms).to.be.a('number');
      });
    });

    describe('when there are no checks', () => {
      it('answers 200 ok', async () => {
        const res = await request(appWith({})).get('/health/ready');
        expect(res.status).to.equal(200);
        expect(res.body).to.deep.equal({ status: 'ok', draining: false, checks: {} });
      });
    });

    describe('when only an optional check rejects', () => {
      it('answers 200 degraded', async () => {
        const res = await request(appWith({ healthChecks: [up('database'), rejecting('cache', false)] })).get('/health/ready');
        expect(res.status).to.equal(200);
        expect(res.body.status).to.equal('degraded');
        expect(res.body.checks.cache).to.include({ status: 'down', required: false });
      });
    });

    describe('when a required check rejects', () => {
      it('answers 503 unavailable without exposing the reason', async () => {
        const res = await request(appWith({ healthChecks: [rejecting('database', true), up('cache', false)] })).get('/health/ready');
        expect(res.status).to.equal(503);
        expect(res.body.status).to.equal('unavailable');
        expect(res.body.checks.database).to.include({ status: 'down', required: true });
        expect(res.text).not.to.contain('ECONNREFUSED');
      });

      it('logs the reason at warn, with the request id', async () => {
        await request(appWith({ healthChecks: [rejecting('database', true)] }))
          .get('/health/ready')
          .set('X-Request-Id', 'probe-1');
        const warning = logger.entries.find((entry) => entry.level === 'warn');
        expect(warning?.fields).to.include({ check: 'database', request_id: 'probe-1' });
        expect(String(warning?.fields['reason'])).to.contain('ECONNREFUSED');
      });
    });

    describe('when a required check throws synchronously', () => {
      it('counts it as down', async () => {
        const res = await request(appWith({ healthChecks: [throwing('database')] })).get('/health/ready');
        expect(res.status).to.equal(503);
      });
    });

    describe('when a check hangs past the timeout', () => {
      it('reports it down after about the timeout', async () => {
        const checks = [hanging('database', true), hanging('cache', false)];
        const res = await request(appWith({ healthChecks: checks, timeoutMs: 100 })).get('/health/ready');
        expect(res.status).to.equal(503);
        expect(res.body.checks.database).to.include({ status: 'down' });
        expect(res.body.checks.database.latency_ms).to.be.at.least(90);
      });

      it('runs the checks concurrently', async () => {
        // Each check answers only once all four have started: run one after another, the first
        // would wait for the others until its timeout and be reported down.
        let arrived = 0;
        let releaseAll: () => void = () => undefined;
        const allStarted = new Promise<void>((resolve) => (releaseAll = resolve));
        const barrier = (name: string): HealthCheck => ({
          name,
          required: true,
          check: async () => {
            arrived += 1;
            if (arrived === 4) releaseAll();
            await allStarted;
          },
        });
        const checks = ['database', 'cache', 'queue', 'search'].map(barrier);
        const res = await request(appWith({ healthChecks: checks, timeoutMs: 5_000 })).get('/health/ready');
        expect(res.status).to.equal(200);
        expect(Object.values(res.body.checks as Record<string, { status: string }>).map((c) => c.status)).to.deep.equal([
          'up',
          'up',
          'up',
          'up',
        ]);
      });

      it('is only degraded when the hanging check is optional', async () => {
        const res = await request(appWith({ healthChecks: [up('database'), hanging('cache', false)] })).get('/health/ready');
        expect(res.status).to.equal(200);
        expect(res.body.status).to.equal('degraded');
      });
    });

    describe('when the process is draining', () => {
      it('answers 503 without running the checks', async () => {
        let ran = false;
        const watched: HealthCheck = { name: 'database', required: true, check: async () => void (ran = true) };
        const res = await request(appWith({ healthChecks: [watched], isDraining: () => true })).get('/health/ready');
        expect(res.status).to.equal(503);
        expect(res.body).to.deep.equal({ status: 'unavailable', draining: true, checks: {} });
        expect(ran).to.equal(false);
      });
    });

    describe('when the method is not GET', () => {
      it('answers 405 with Allow', async () => {
        const res = await request(appWith({})).post('/health/ready');
        expect(res.status).to.equal(405);
        expect(res.headers['allow']).to.equal('GET, HEAD, OPTIONS');
      });
    });
  });
});
