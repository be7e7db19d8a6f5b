import { randomBytes } from 'node:crypto';

import { expect } from 'chai';

import { forSuite } from '../support/for-suite.js';
import { sampleValue } from '../support/prometheus-sample.js';
import { closedPort, send, sha256, StubLegacy } from '../support/stub-legacy.js';
import { servedTestAppForSuite } from '../support/test-app-for-suite.js';

const MEGABYTE = 1024 * 1024;

/** The `upstream_request_duration_seconds_count` of the legacy backend for a method and status (0 when absent). */
function upstreamCount(exposition: string, method: string, status: string): number {
  return sampleValue(exposition, 'upstream_request_duration_seconds_count', { upstream: 'legacy', method, status });
}

describe('strangler routing to a legacy backend (PROJ_LEGACY_BASE_URL)', function () {
  this.timeout(120_000);

  const stub = forSuite(
    () => StubLegacy.start(),
    (stub) => stub.close(),
  );
  const t = servedTestAppForSuite(() => ({ PROJ_LEGACY_BASE_URL: stub.url, PROJ_LEGACY_TIMEOUT_MS: '1500' }));
  let token: string;

  before(async () => {
    token = await t.token({ subject: 'legacy-caller' });
  });

  beforeEach(() => {
    stub.requests.length = 0;
  });

  describe('when no route of this service matches', () => {
    it('forwards method, path, query, headers and body, adds X-Forwarded-* and X-Request-Id, and returns the answer unchanged', async () => {
      const body = Buffer.from(JSON.stringify({ order: 42 }));
      const response = await send(`${t.url}/v1/orders/42?expand=lines&x=1`, {
        method: 'PUT',
        headers: {
          Authorization: 'Bearer a-legacy-token',
          'Content-Type': 'application/json',
          'X-Request-Id': 'strangler-test-1',
          'X-Custom': 'kept',
        },
        parts: [body],
      });
      expect(response.status, response.body.toString()).to.equal(200);
      expect(response.headers['x-legacy']).to.equal('yes');
      expect(response.headers['x-request-id']).to.equal('strangler-test-1');
      expect(JSON.parse(response.body.toString())).to.deep.equal({ legacy: true, method: 'PUT', url: '/v1/orders/42?expand=lines&x=1' });

      const [seen] = stub.requests;
      expect(seen).to.include({ method: 'PUT', url: '/v1/orders/42?expand=lines&x=1', bodySha256: sha256(body) });
      expect(seen?.headers).to.include({
        authorization: 'Bearer a-legacy-token',
        'content-type': 'application/json',
        'x-custom': 'kept',
        'x-request-id': 'strangler-test-1',
        'x-forwarded-for': '127.0.0.1',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': new URL(t.url).host,
      });
    });

    it('logs an access line that says the request was proxied, and times it per upstream and status', async () => {
      const before = upstreamCount((await send(`${t.url}/metrics`)).body.toString(), 'GET', '200');
      await send(`${t.url}/reports/daily`, { headers: { 'X-Request-Id': 'strangler-access-line' } });
      const line = t.logs.entries.find(
        (entry) => entry.message === 'request completed' && entry.fields['request_id'] === 'strangler-access-line',
      );
      expect(line?.fields).to.include({ method: 'GET', route: '(legacy)', status: 200, proxied_to: 'legacy' });
      const exposition = (await send(`${t.url}/metrics`)).body.toString();
      expect(upstreamCount(exposition, 'GET', '200')).to.equal(before + 1);
      expect(exposition).to.match(/^http_request_duration_seconds_count\{[^}]*route="\(legacy\)"[^}]*\} \d+/m);
    });

    it('streams a multi-megabyte body both ways: the answer flows back while the request body is still being sent', async () => {
      const parts = Array.from({ length: 8 }, () => randomBytes(MEGABYTE));
      const response = await send(`${t.url}/legacy/echo`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream' },
        parts,
        duplex: true,
      });
      expect(response.status, response.body.toString()).to.equal(201);
      expect(response.body.length).to.equal(8 * MEGABYTE);
      expect(sha256(response.body)).to.equal(sha256(Buffer.concat(parts)));
      expect(stub.requests[0]).to.include({ bodyBytes: 8 * MEGABYTE });
    });

    it('streams a large answer back whole', async () => {
      const response = await send(`${t.url}/legacy/big?bytes=${12 * MEGABYTE}`);
      expect(response.status).to.equal(200);
      expect(response.body.length).to.equal(12 * MEGABYTE);
    });

    it('drops hop-by-hop headers in both directions, those named in Connection too', async () => {
      const response = await send(`${t.url}/legacy/echo`, {
        method: 'POST',
        headers: {
          Connection: 'keep-alive, X-Client-Hop',
          'X-Client-Hop': 'only for the next hop',
          'Keep-Alive': 'timeout=99',
          TE: 'trailers',
          'Proxy-Authorization': 'Basic c2VjcmV0',
          'Transfer-Encoding': 'chunked',
        },
        parts: [Buffer.from('hello')],
      });
      expect(response.status).to.equal(201);
      expect(response.body.toString()).to.equal('hello');
      const seen = stub.requests[0]?.headers ?? {};
      expect(seen).not.to.have.any.keys('x-client-hop', 'te', 'proxy-authorization');
      expect(seen['keep-alive']).to.equal(undefined);
      expect(seen['connection'] ?? '').not.to.match(/x-client-hop/i);
      expect(response.headers).not.to.have.any.keys('x-legacy-hop', 'proxy-authenticate');
      expect(response.headers['keep-alive'] ?? '').not.to.contain('77');
      expect(response.headers['x-legacy']).to.equal('yes');
    });

    it('answers 504 legacy_timeout when the backend does not answer within PROJ_LEGACY_TIMEOUT_MS', async () => {
      const response = await send(`${t.url}/legacy/hang`, { headers: { 'X-Request-Id': 'strangler-timeout' } });
      expect(response.status).to.equal(504);
      expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(JSON.parse(response.body.toString())).to.include({ code: 'legacy_timeout', status: 504, request_id: 'strangler-timeout' });
      expect(upstreamCount((await send(`${t.url}/metrics`)).body.toString(), 'GET', 'timeout')).to.be.at.least(1);
    });
  });

  describe('when a route of this service matches', () => {
    it('serves it here and never forwards it: API operations (any method), documentation, health and metrics', async () => {
      const authorised = { Authorization: `Bearer ${token}` };
      expect((await send(`${t.url}/v1/accounts/users`, { headers: authorised })).status).to.equal(200);
      expect((await send(`${t.url}/v2/accounts/users/`, { headers: authorised })).status).to.equal(200);
      expect((await send(`${t.url}/v1/accounts/users/not-a-uuid`, { headers: authorised })).status).to.equal(422);
      expect((await send(`${t.url}/V1/Accounts/Users`, { method: 'DELETE', headers: authorised })).status).to.equal(405);
      expect((await send(`${t.url}/v1/accounts/users`)).status).to.equal(401);
      for (const path of ['/openapi.json', '/docs/', '/redoc', '/health/live', '/health/ready', '/metrics']) {
        expect((await send(`${t.url}${path}`)).status, path).to.equal(200);
      }
      expect(stub.requests).to.deep.equal([]);
    });
  });

  describe('when the legacy backend is down', () => {
    const down = servedTestAppForSuite(async () => ({ PROJ_LEGACY_BASE_URL: `http://127.0.0.1:${await closedPort()}` }));

    it('answers 502 legacy_unavailable', async () => {
      const response = await send(`${down.url}/v1/orders`, { headers: { 'X-Request-Id': 'strangler-down' } });
      expect(response.status).to.equal(502);
      expect(JSON.parse(response.body.toString())).to.include({ code: 'legacy_unavailable', request_id: 'strangler-down' });
      const exposition = (await send(`${down.url}/metrics`)).body.toString();
      expect(upstreamCount(exposition, 'GET', 'error')).to.equal(1);
      expect(down.logs.entries.some((entry) => entry.message === 'legacy backend failed')).to.equal(true);
    });
  });
});
