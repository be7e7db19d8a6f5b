import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { expect } from 'chai';

import { applyLoad } from '../../src/load.js';

describe('applyLoad', function () {
  this.timeout(30_000);
  let server: Server;
  const seen: { method: string; contentLength: string | undefined; body: string }[] = [];

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', contentLength: req.headers['content-length'], body });
        res.writeHead(req.method === 'POST' ? 201 : 200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  describe('when requests with and without a body alternate on one connection', () => {
    it('sends each with its own length, so that none swallows the next', async () => {
      let count = 0;
      const result = await applyLoad({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        connections: 2,
        durationSeconds: 0,
        amount: 60,
        headers: { authorization: 'Bearer t' },
        next: () =>
          ++count % 3 === 0 ? { method: 'PATCH', path: '/x', body: JSON.stringify({ n: count }) } : { method: 'GET', path: '/x' },
        expectedStatuses: [200],
      });
      expect(result.errors).to.equal(0);
      expect(result.requests).to.equal(60);
      expect(
        seen.filter((request) => request.method === 'GET').every((request) => request.contentLength === undefined && request.body === ''),
      ).to.equal(true);
      expect(
        seen
          .filter((request) => request.method === 'PATCH')
          .every((request) => Number(request.contentLength) === request.body.length && request.body.startsWith('{"n":')),
      ).to.equal(true);
    });
  });

  describe('when a status is not one the scenario expects', () => {
    it('counts it as an error', async () => {
      const result = await applyLoad({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        connections: 1,
        durationSeconds: 0,
        amount: 5,
        headers: {},
        next: () => ({ method: 'POST', path: '/x', body: '{}' }),
        expectedStatuses: [200],
      });
      expect(result.errors).to.equal(5);
      expect(result.statuses).to.deep.equal({ 201: 5 });
    });
  });
});
