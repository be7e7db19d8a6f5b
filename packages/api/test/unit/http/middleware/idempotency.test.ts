import { expect } from 'chai';
import express from 'express';
import request from 'supertest';

import type { IdempotencyBeginResult, IdempotencyStore } from '@proj/application/edge';
import { DependencyUnavailableError } from '@proj/application/errors';
import { RecordingLogger } from '@proj/application/testing';

import { canonicalJson, idempotency } from '../../../../src/http/middleware/idempotency.js';
import { HttpError } from '../../../../src/http/problems/http-error.js';
import { tagRoute } from '../../../../src/http/support/route-template.js';
import { testApp } from '../../support/test-app.js';

/** A store that answers `begin` as scripted and records completions and releases. */
class ScriptedStore implements IdempotencyStore {
  beginAnswer: IdempotencyBeginResult | Error = { outcome: 'reserved', token: 't1' };
  readonly completed: unknown[] = [];
  readonly released: string[] = [];
  async begin(): Promise<IdempotencyBeginResult> {
    if (this.beginAnswer instanceof Error) throw this.beginAnswer;
    return this.beginAnswer;
  }
  async complete(_key: string, _token: string, response: unknown): Promise<boolean> {
    this.completed.push(response);
    return true;
  }
  async release(key: string): Promise<boolean> {
    this.released.push(key);
    return true;
  }
}

describe('idempotency', () => {
  let store: ScriptedStore;
  let seenKeys: unknown[];

  beforeEach(() => {
    store = new ScriptedStore();
    seenKeys = [];
  });

  /** An app with the middleware on the store on POST `route` (a template), in front of `handle`. */
  function appWith(route: string, handle: express.RequestHandler, logger = new RecordingLogger()) {
    return testApp(logger, (a) => {
      a.post(
        route,
        tagRoute(route),
        express.json(),
        idempotency({ store, leaseMs: 60_000, retentionMs: 86_400_000, scopeOf: () => 'anonymous' }),
        handle,
      );
    });
  }

  function app(status = 201, logger = new RecordingLogger()) {
    return appWith(
      '/v1/things',
      (_req, res) => {
        seenKeys.push(res.locals.idempotency);
        res.status(status).set('Location', '/v1/things/1').set('ETag', '"1"').json({ id: '1' });
      },
      logger,
    );
  }

  it('passes through without the header', async () => {
    await request(app()).post('/v1/things').send({ a: 1 }).expect(201);
    expect(seenKeys).to.deep.equal([undefined]);
    expect(store.completed).to.be.empty;
  });

  it('records the response of a reserved key, with its resource headers, and hands the key to the handler', async () => {
    await request(app()).post('/v1/things').set('Idempotency-Key', 'k-1').send({ a: 1 }).expect(201);
    expect(seenKeys).to.have.length(1);
    expect((seenKeys[0] as { key: string }).key).to.equal('9:anonymous:k-1');
    expect(store.completed).to.deep.equal([
      {
        status: 201,
        headers: { 'content-type': 'application/json; charset=utf-8', location: '/v1/things/1', etag: '"1"' },
        body: '{"id":"1"}',
      },
    ]);
  });

  it('replays a completed response without running the handler', async () => {
    store.beginAnswer = {
      outcome: 'completed',
      fingerprint: (await fingerprintFor({ a: 1 })) as string,
      response: { status: 201, headers: { 'content-type': 'application/json', location: '/v1/things/9' }, body: '{"id":"9"}' },
    };
    const logger = new RecordingLogger();
    const replayed = await request(app(201, logger)).post('/v1/things').set('Idempotency-Key', 'k-1').send({ a: 1 }).expect(201);
    expect(replayed.body).to.deep.equal({ id: '9' });
    expect(replayed.headers).to.include({ location: '/v1/things/9', 'idempotent-replayed': 'true' });
    expect(seenKeys).to.be.empty;
    const event = logger.entries.find((entry) => entry.message === 'idempotent replay');
    expect(event?.level).to.equal('info');
    expect(event?.fields).to.include({ operation: 'POST /v1/things', status: 201 });
    expect(JSON.stringify(event), 'the key is the caller’s text').not.to.include('k-1');
  });

  it('answers 409 idempotency_in_progress while the first request runs, and 422 idempotency_key_reused for another body', async () => {
    store.beginAnswer = { outcome: 'in-progress', fingerprint: (await fingerprintFor({ a: 1 })) as string };
    const busy = await request(app()).post('/v1/things').set('Idempotency-Key', 'k-1').send({ a: 1 }).expect(409);
    expect(busy.body.code).to.equal('idempotency_in_progress');
    expect(busy.headers['retry-after']).to.equal('1');
    const reused = await request(app()).post('/v1/things').set('Idempotency-Key', 'k-1').send({ a: 2 }).expect(422);
    expect(reused.body.code).to.equal('idempotency_key_reused');
  });

  it('rejects a malformed key with 422 validation_failed naming the header', async () => {
    const response = await request(app()).post('/v1/things').set('Idempotency-Key', 'has space').send({ a: 1 }).expect(422);
    expect(response.body.errors).to.deep.equal([{ path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]);
  });

  it('releases the key after a 5xx so that a retry runs again', async () => {
    await request(app(503)).post('/v1/things').set('Idempotency-Key', 'k-1').send({ a: 1 }).expect(503);
    expect(store.released).to.deep.equal(['9:anonymous:k-1']);
    expect(store.completed).to.be.empty;
  });

  it('runs the request when the store is unavailable (the database record keeps it safe)', async () => {
    store.beginAnswer = new DependencyUnavailableError('redis', 1);
    await request(app()).post('/v1/things').set('Idempotency-Key', 'k-1').send({ a: 1 }).expect(201);
    expect((seenKeys[0] as { key: string }).key).to.equal('9:anonymous:k-1');
  });

  it('scopes keys so that no two (subject, key) pairs share a record', async () => {
    const keys: string[] = [];
    const record = (scope: string): express.Express =>
      testApp(new RecordingLogger(), (a) =>
        a.post(
          '/things',
          express.json(),
          idempotency({
            store: {
              begin: async (key: string) => {
                keys.push(key);
                throw new DependencyUnavailableError('redis', 1);
              },
            } as unknown as IdempotencyStore,
            leaseMs: 1_000,
            retentionMs: 1_000,
            scopeOf: () => scope,
          }),
          (_req, res) => {
            res.status(201).json({});
          },
        ),
      );
    await request(record('a:b')).post('/things').set('Idempotency-Key', 'c').send({});
    await request(record('a')).post('/things').set('Idempotency-Key', 'b:c').send({});
    expect(keys).to.have.length(2);
    expect(keys[0]).not.to.equal(keys[1]);
  });

  it('tells one key sent to two resources apart: the fingerprint reads the path with its ids', async () => {
    const fingerprints: string[] = [];
    const perResource = appWith('/v1/things/:thing_id/notes', (_req, res) => {
      fingerprints.push((res.locals.idempotency as { fingerprint: string }).fingerprint);
      res.status(201).json({});
    });
    store.beginAnswer = { outcome: 'reserved', token: 't' };
    await request(perResource).post('/v1/things/1/notes?x=1').set('Idempotency-Key', 'k').send({ a: 1 }).expect(201);
    await request(perResource).post('/v1/things/1/notes').set('Idempotency-Key', 'k').send({ a: 1 }).expect(201);
    await request(perResource).post('/v1/things/2/notes').set('Idempotency-Key', 'k').send({ a: 1 }).expect(201);
    expect(fingerprints[0], 'the query is not part of it').to.equal(fingerprints[1]);
    expect(fingerprints[2], 'another resource').not.to.equal(fingerprints[1]);
  });

  it('fingerprints JSON regardless of key order', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: 3 }], a: null, u: undefined })).to.equal('{"a":null,"b":[1,{"c":3,"d":2}]}');
    expect(canonicalJson(JSON.parse(`${'['.repeat(32)}${']'.repeat(32)}`))).to.have.length(64);
    expect(() => canonicalJson(JSON.parse(`${'['.repeat(3_200)}${']'.repeat(3_200)}`))).to.throw(HttpError);
  });

  /** The fingerprint the middleware computes for `body`, read back from a reserved request. */
  async function fingerprintFor(body: unknown): Promise<string | undefined> {
    const saved = store.beginAnswer;
    store.beginAnswer = { outcome: 'reserved', token: 'probe' };
    await request(app())
      .post('/v1/things')
      .set('Idempotency-Key', 'probe')
      .send(body as object);
    store.beginAnswer = saved;
    const probe = seenKeys.pop() as { fingerprint: string } | undefined;
    store.completed.length = 0;
    return probe?.fingerprint;
  }
});
