import { createServer, type AddressInfo } from 'node:net';

import { expect } from 'chai';

import { sampleValue } from '../support/prometheus-sample.js';
import { runServerToExit, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { sharedPostgres, sharedRedisOrSkip } from '../support/test-server.js';

/** The metrics URL the server logs at start (PROJ_METRICS_PORT=0 picks a free port). */
async function metricsUrlOf(server: ServerProcess): Promise<string> {
  const line = await server.waitForLog((entry) => entry.message?.startsWith('metrics on ') === true);
  const match = /^metrics on (http:\/\/\S+)/.exec(line.message ?? '');
  expect(match, line.message).not.to.equal(null);
  return match?.[1] ?? '';
}

describe('PROJ_METRICS_PORT: /metrics on a listener of its own', function () {
  this.timeout(120_000);

  it('serves /metrics only on the metrics port, 404 on the API port, and closes both on SIGTERM', async () => {
    const database = await (await sharedPostgres()).createDatabase();
    const server = await startServerProcess({ PROJ_ENV: 'test', PROJ_DATABASE_URL: database.url, PROJ_METRICS_PORT: '0' });
    try {
      const metricsUrl = await metricsUrlOf(server);
      expect(new URL(metricsUrl).port).not.to.equal(String(server.port));
      expect((await fetch(`${server.baseUrl}/health/live`)).status).to.equal(200);

      const onApi = await fetch(`${server.baseUrl}/metrics`);
      expect(onApi.status).to.equal(404);
      expect(onApi.headers.get('content-type')).to.contain('application/problem+json');
      expect(((await onApi.json()) as { code: string }).code).to.equal('not_found');

      const scrape = await fetch(metricsUrl);
      expect(scrape.status).to.equal(200);
      const text = await scrape.text();
      expect(text).to.match(/^http_request_duration_seconds_count\{[^}]*route="\/health\/live"[^}]*\} 1$/m);
      // The metrics listener serves nothing else.
      const api = await fetch(new URL('/health/live', metricsUrl));
      expect(api.status).to.equal(404);
    } finally {
      server.process.kill('SIGTERM');
      expect(await server.exited).to.equal(0);
      await database.drop();
    }
  });

  it('with PROJ_WORKERS=2, every worker answers on the metrics port with the metrics of both', async function () {
    const redis = await sharedRedisOrSkip(this);
    const database = await (await sharedPostgres()).createDatabase();
    const server = await startServerProcess({
      PROJ_ENV: 'test',
      PROJ_DATABASE_URL: database.url,
      PROJ_REDIS_URL: redis.url,
      PROJ_REDIS_KEY_PREFIX: redis.newKeyPrefix(),
      PROJ_CURSOR_SECRET: 'c'.repeat(40),
      PROJ_AUTH_JWT_SECRET: 'a-cluster-token-secret-of-at-least-32-bytes',
      PROJ_WORKERS: '2',
      PROJ_METRICS_PORT: '0',
    });
    try {
      await server.waitForLog((line) => line.message === '2 workers serving');
      const announced = () => server.logs().filter((line) => line.message?.startsWith('metrics on ') === true);
      await server.waitForLog(() => announced().length === 2);
      const urls = new Set(announced().map((line) => line.message));
      expect(urls.size, 'both workers listen on the one metrics port').to.equal(1);
      const metricsUrl = await metricsUrlOf(server);

      const probes = await Promise.all(
        Array.from({ length: 6 }, () => fetch(`${server.baseUrl}/health/live`, { headers: { connection: 'close' } }).then((r) => r.status)),
      );
      expect(probes).to.deep.equal([200, 200, 200, 200, 200, 200]);
      const onApi = await fetch(`${server.baseUrl}/metrics`, { headers: { connection: 'close' } });
      expect(onApi.status).to.equal(404);
      // Whichever worker takes the scrape, the counts are the sum over both.
      for (let scrape = 0; scrape < 3; scrape += 1) {
        const text = await (await fetch(metricsUrl, { headers: { connection: 'close' } })).text();
        const probes = sampleValue(text, 'http_request_duration_seconds_count', { route: '/health/live', status: '200' });
        expect(probes, text.slice(0, 2000)).to.equal(6);
      }
    } finally {
      server.process.kill('SIGTERM');
      expect(await server.exited).to.equal(0);
      await database.drop();
    }
  });

  it('refuses to start, naming PROJ_METRICS_PORT, when that port is taken', async () => {
    const database = await (await sharedPostgres()).createDatabase();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const { code, stdout } = await runServerToExit({
        PROJ_ENV: 'test',
        PROJ_DATABASE_URL: database.url,
        PROJ_HOST: '127.0.0.1',
        PROJ_PORT: '0',
        PROJ_LOG_FORMAT: 'json',
        PROJ_METRICS_PORT: String(port),
      });
      expect(code).to.equal(1);
      expect(stdout).to.contain(`cannot start: port ${port} on 127.0.0.1 is already in use (set PROJ_METRICS_PORT)`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
      await database.drop();
    }
  });
});
