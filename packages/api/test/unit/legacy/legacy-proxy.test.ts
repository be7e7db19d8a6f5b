import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { expect } from 'chai';
import request from 'supertest';

import { RecordingLogger, RecordingMetrics } from '@proj/application/testing';

import { createApp, type AppDependencies } from '../../../src/index.js';
import { testSettings, testTokenVerifier, unreachableCapture } from '../support/test-app.js';

const unreachable = {
  execute(): Promise<never> {
    return Promise.reject(new Error('this test must not reach a use case'));
  },
};

/**
 * A legacy backend in this process: `/hang` never answers, `/truncated` drops the connection in the
 * middle of its answer, anything else echoes what it saw as JSON.
 */
async function startBackend(): Promise<{ server: Server; url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === '/hang') return;
    if (req.url === '/truncated') {
      // Promises more than it sends, then drops the connection: the answer has begun when it fails.
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '100' });
      res.write('partial', () => req.socket.destroy());
      return;
    }
    res.writeHead(418, { 'Content-Type': 'application/json', Connection: 'X-Hop', 'X-Hop': '1' });
    res.end(JSON.stringify({ method: req.method, url: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('the strangler route (createApp with settings.legacy)', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let metrics: RecordingMetrics;
  let logger: RecordingLogger;

  const appWith = (legacy: AppDependencies['settings']['legacy']) =>
    createApp({
      accounts: { registerUser: unreachable, getUserById: unreachable, listUsers: unreachable, updateUser: unreachable },
      capture: unreachableCapture(),
      logger,
      metrics,
      tokenVerifier: testTokenVerifier(),
      settings: { ...testSettings(), ...(legacy === undefined ? {} : { legacy }) },
      healthChecks: [],
    });

  beforeEach(async () => {
    backend = await startBackend();
    metrics = new RecordingMetrics();
    logger = new RecordingLogger();
  });

  afterEach(async () => {
    backend.server.closeAllConnections();
    await new Promise<void>((resolve) => backend.server.close(() => resolve()));
  });

  describe('when a request matches no route', () => {
    it('forwards it with X-Request-Id, returns the answer without hop-by-hop headers, and records it', async () => {
      const res = await request(appWith({ baseUrl: backend.url, timeoutMs: 5_000 }))
        .get('/v1/orders?x=1')
        .set('X-Request-Id', 'unit-legacy')
        .set('Authorization', 'Bearer legacy');
      expect(res.status).to.equal(418);
      expect(res.body).to.deep.equal({ method: 'GET', url: '/v1/orders?x=1' });
      expect(res.headers).not.to.have.property('x-hop');
      expect(backend.seen[0]).to.include({ 'x-request-id': 'unit-legacy', authorization: 'Bearer legacy' });
      expect(metrics.upstreamRequests).to.have.length(1);
      expect(metrics.upstreamRequests[0]).to.include({ upstream: 'legacy', method: 'GET', status: 418 });
      expect(metrics.requests[0]).to.include({ route: '(legacy)', status: 418 });
    });

    it('reuses its connection to the backend from one request to the next', async () => {
      let connections = 0;
      backend.server.on('connection', () => (connections += 1));
      const app = appWith({ baseUrl: backend.url, timeoutMs: 5_000 });
      // supertest sends `Connection: close`: a header for its own connection, not for the backend's.
      for (const path of ['/v1/orders/1', '/v1/orders/2', '/v1/orders/3']) expect((await request(app).get(path)).status).to.equal(418);
      expect(backend.seen.map((headers) => headers['connection'] ?? 'persistent, as HTTP/1.1 is by default')).to.not.include('close');
      expect(connections).to.equal(1);
    });

    it('answers 504 legacy_timeout when the backend is slower than the timeout', async () => {
      const res = await request(appWith({ baseUrl: backend.url, timeoutMs: 50 })).get('/hang');
      expect(res.status).to.equal(504);
      expect(res.body).to.include({ code: 'legacy_timeout' });
      expect(metrics.upstreamRequests[0]).to.include({ status: 'timeout' });
      expect(logger.entries.map((entry) => entry.message)).to.include('legacy backend timed out');
    });

    it('answers 502 legacy_unavailable when the backend cannot be reached', async () => {
      const { url } = backend;
      backend.server.close();
      const res = await request(appWith({ baseUrl: url, timeoutMs: 5_000 })).get('/anything');
      expect(res.status).to.equal(502);
      expect(res.body).to.include({ code: 'legacy_unavailable' });
      expect(metrics.upstreamRequests[0]).to.include({ status: 'error' });
    });

    it('cuts the connection when the backend fails after its answer began, as the backend itself did', async () => {
      const failure = await request(appWith({ baseUrl: backend.url, timeoutMs: 5_000 }))
        .get('/truncated')
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).to.be.instanceOf(Error);
      expect(logger.entries.find((entry) => entry.message === 'legacy backend failed')?.fields).to.include({ error: 'answer cut short' });
    });
  });

  describe('when a path is served here', () => {
    it('answers it here and forwards nothing, even with a legacy backend configured', async () => {
      const res = await request(appWith({ baseUrl: backend.url, timeoutMs: 5_000 })).get('/health/live');
      expect(res.status).to.equal(200);
      expect(backend.seen).to.deep.equal([]);
      expect(metrics.upstreamRequests).to.deep.equal([]);
      expect(metrics.requests[0]).to.include({ route: '/health/live', status: 200 });
    });
  });

  describe('when no legacy backend is configured', () => {
    it('answers 404 for a path no route matches', async () => {
      await request(appWith({ baseUrl: undefined, timeoutMs: 5_000 }))
        .get('/v1/orders')
        .set('Authorization', 'Bearer test-token-all-scopes')
        .expect(404);
      expect(backend.seen).to.deep.equal([]);
    });
  });
});
