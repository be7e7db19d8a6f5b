import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { expect } from 'chai';
import express from 'express';
import request from 'supertest';

import type { ShadowComparisonObservation } from '@proj/application/edge';
import { RecordingLogger } from '@proj/application/testing';

import { requestId } from '../../../src/http/middleware/request-id.js';
import { fetchLegacyGet, shadowReads, type LegacyAnswer, type LegacyGet } from '../../../src/legacy/shadow-reads.js';

/** A legacy GET whose answers the test settles by hand, in any order. */
function pendingLegacy(): {
  get: LegacyGet;
  calls: Array<{ path: string; headers: Readonly<Record<string, string>>; settle(answer: LegacyAnswer | Error): void }>;
} {
  const calls: Array<{ path: string; headers: Readonly<Record<string, string>>; settle(answer: LegacyAnswer | Error): void }> = [];
  return {
    calls,
    get: (path, headers) =>
      new Promise((resolve, reject) => {
        calls.push({ path, headers, settle: (answer) => (answer instanceof Error ? reject(answer) : resolve(answer)) });
      }),
  };
}

describe('shadowReads', () => {
  let logger: RecordingLogger;
  let counted: ShadowComparisonObservation[];
  let legacy: ReturnType<typeof pendingLegacy>;

  function app(maxInFlight = 4): express.Express {
    const built = express();
    built.use(requestId({ logger }));
    built.use(
      shadowReads({
        get: legacy.get,
        replays: (path) => path.startsWith('/v1/'),
        ignoredFields: ['updated_at'],
        maxInFlight,
        count: (o) => counted.push(o),
      }),
    );
    built.get('/v1/users/:id', (req, res) => {
      res.locals.routeTemplate = '/v1/users/:id';
      res.json({ id: req.params['id'], full_name: 'Ada', updated_at: 'ours' });
    });
    built.get('/metrics', (_req, res) => {
      res.json({ not: 'replayed' });
    });
    built.post('/v1/users', (_req, res) => {
      res.status(201).json({});
    });
    return built;
  }

  /** Resolves once `count` observations were made (each is a settled promise away). */
  async function counts(count: number): Promise<void> {
    while (counted.length < count) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  beforeEach(() => {
    logger = new RecordingLogger();
    counted = [];
    legacy = pendingLegacy();
  });

  describe('when a GET is answered here', () => {
    it("answers the caller before the legacy backend answers, then replays it with the caller's headers", async () => {
      const res = await request(app()).get('/v1/users/7?x=1').set('Authorization', 'Bearer t').set('X-Request-Id', 'shadow-1');
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ id: '7', full_name: 'Ada', updated_at: 'ours' });
      expect(legacy.calls).to.have.length(1);
      expect(legacy.calls[0]?.path).to.equal('/v1/users/7?x=1');
      expect(legacy.calls[0]?.headers).to.include({ authorization: 'Bearer t', 'x-request-id': 'shadow-1', 'x-shadow-read': 'true' });
      expect(counted).to.deep.equal([]);
    });

    it('counts a match when status and body agree, ignored fields left out', async () => {
      await request(app()).get('/v1/users/7').expect(200);
      legacy.calls[0]?.settle({ status: 200, body: { id: '7', full_name: 'Ada', updated_at: 'theirs' } });
      await counts(1);
      expect(counted).to.deep.equal([{ route: '/v1/users/:id', result: 'match' }]);
    });

    it('counts a mismatch and logs the differing field paths without their values', async () => {
      await request(app()).get('/v1/users/7').expect(200);
      legacy.calls[0]?.settle({ status: 203, body: { id: '7', full_name: 'Ada Lovelace', updated_at: 'ours' } });
      await counts(1);
      expect(counted).to.deep.equal([{ route: '/v1/users/:id', result: 'mismatch' }]);
      const line = logger.entries.find((entry) => entry.message === 'shadow read mismatch');
      expect(line?.fields).to.deep.include({ route: '/v1/users/:id', status: 200, legacy_status: 203, fields: ['(status)', 'full_name'] });
      expect(JSON.stringify(logger.entries)).not.to.contain('Ada Lovelace');
    });

    it('counts an error when the legacy backend gives no answer', async () => {
      await request(app()).get('/v1/users/7').expect(200);
      legacy.calls[0]?.settle(new Error('timeout'));
      await counts(1);
      expect(counted).to.deep.equal([{ route: '/v1/users/:id', result: 'error' }]);
    });
  });

  describe('when more replays are in flight than allowed', () => {
    it('drops and counts the extra ones, and runs new ones once earlier ones settled', async () => {
      const served = app(2);
      for (let i = 0; i < 5; i += 1) await request(served).get(`/v1/users/${i}`).expect(200);
      expect(legacy.calls).to.have.length(2);
      expect(counted.filter((o) => o.result === 'dropped')).to.have.length(3);
      legacy.calls[0]?.settle(new Error('gone'));
      await counts(4);
      await request(served).get('/v1/users/9').expect(200);
      expect(legacy.calls).to.have.length(3);
    });
  });

  describe('when the request is not a GET, or not of the API', () => {
    it('replays nothing', async () => {
      await request(app()).post('/v1/users').send({}).expect(201);
      await request(app()).get('/metrics').expect(200);
      expect(legacy.calls).to.deep.equal([]);
      expect(counted).to.deep.equal([]);
    });
  });
});

describe('fetchLegacyGet', () => {
  let server: Server;
  let base: string;

  before(async () => {
    server = createServer((req, res) => {
      const answers: Record<string, [string, string]> = {
        '/json': ['application/json; charset=utf-8', '{"a":[1,2]}'],
        '/problem': ['application/problem+json', '{"code":"x"}'],
        '/broken': ['application/json', '{"a":'],
        '/text': ['text/plain', 'hello'],
      };
      const [type, body] = answers[req.url ?? ''] ?? ['application/json', ''];
      res.writeHead(req.headers['x-check'] === 'yes' ? 200 : 400, { 'Content-Type': type });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends the headers and reads a JSON body (problem+json too); anything else has no body', async () => {
    const get = fetchLegacyGet(base, 5_000);
    expect(await get('/json', { 'x-check': 'yes' })).to.deep.equal({ status: 200, body: { a: [1, 2] } });
    expect(await get('/problem', { 'x-check': 'yes' })).to.deep.equal({ status: 200, body: { code: 'x' } });
    expect(await get('/broken', {})).to.deep.equal({ status: 400, body: undefined });
    expect(await get('/text', {})).to.deep.equal({ status: 400, body: undefined });
    expect(await get('/empty', {})).to.deep.equal({ status: 400, body: undefined });
  });
});
