import { expect } from 'chai';
import request from 'supertest';

import type { ArtifactDto, SignalDto, SubspaceDto } from '@proj/application';
import type { IdempotencyBeginResult, IdempotencyStore, RateLimiter, RateLimitPolicy } from '@proj/application/edge';
import {
  ArtifactNotFoundError,
  SubspaceAlreadyExistsError,
  SubspaceNotFoundError,
  UnknownCaptureUserError,
} from '@proj/application/errors';
import { FakeTokenVerifier, RecordingLogger } from '@proj/application/testing';

import type { CaptureUseCases } from '../../../src/capture/capture-routes.js';
import { createApp } from '../../../src/index.js';
import { testSettings, withMalformedJson } from '../support/test-app.js';

/**
 * The capture route table through createApp, with scripted use cases: what each route asks of its
 * use case, and how it answers (status, body, ETag, Location, problems). Responses are validated
 * against the OpenAPI document (testSettings), so a body that drifts from the schema fails here.
 */
const USER_ID = '019b78c9-0a80-7000-8000-000000000001';
const ARTIFACT_ID = '019b78c9-0a80-7000-8000-0000000a0001';
const SUBSPACE_ID = '019b78c9-0a80-7000-8000-0000000b0001';
const SIGNAL_ID = '019b78c9-0a80-7000-8000-0000000c0001';
const AT = new Date('2026-01-02T08:30:00.000Z');
const LATER = new Date('2026-01-03T19:00:00.000Z');

const ARTIFACT: ArtifactDto = {
  id: ARTIFACT_ID,
  userId: USER_ID,
  url: 'https://example.com/papers/attention',
  title: 'Attention',
  engagementLevel: 'read',
  maxReadingDepth: 1,
  signalCount: 2,
  subspaceId: SUBSPACE_ID,
  assignment: { status: 'assigned', similarity: 0.9, margin: 0.2 },
  capturedAt: AT,
  lastSignalAt: LATER,
  createdAt: AT,
  updatedAt: LATER,
  revision: '7',
};

const ARTIFACT_JSON = {
  id: ARTIFACT_ID,
  user_id: USER_ID,
  url: 'https://example.com/papers/attention',
  title: 'Attention',
  engagement_level: 'read',
  max_reading_depth: 1,
  signal_count: 2,
  subspace_id: SUBSPACE_ID,
  assignment: { status: 'assigned', similarity: 0.9, margin: 0.2 },
  captured_at: '2026-01-02T08:30:00.000Z',
  last_signal_at: '2026-01-03T19:00:00.000Z',
  created_at: '2026-01-02T08:30:00.000Z',
  updated_at: '2026-01-03T19:00:00.000Z',
};

const SIGNAL: SignalDto = { id: SIGNAL_ID, artifactId: ARTIFACT_ID, readingDepth: 0.3, occurredAt: LATER, levelAfter: 'read' };
const SIGNAL_JSON = {
  id: SIGNAL_ID,
  artifact_id: ARTIFACT_ID,
  reading_depth: 0.3,
  occurred_at: '2026-01-03T19:00:00.000Z',
  level_after: 'read',
};

const SUBSPACE: SubspaceDto = { id: SUBSPACE_ID, userId: USER_ID, name: 'Databases', artifactCount: 3, createdAt: AT };
const SUBSPACE_JSON = { id: SUBSPACE_ID, user_id: USER_ID, name: 'Databases', artifact_count: 3, created_at: '2026-01-02T08:30:00.000Z' };

/** Use cases that record each call and answer what the test scripted (or fail it, when not scripted). */
class ScriptedCapture {
  readonly calls: Array<{ readonly name: string; readonly args: readonly unknown[] }> = [];
  readonly answers = new Map<string, () => unknown>();

  answer(name: string, value: () => unknown): void {
    this.answers.set(name, value);
  }

  useCases(): CaptureUseCases {
    const call =
      (name: string) =>
      async (...args: unknown[]): Promise<never> => {
        await Promise.resolve();
        this.calls.push({ name, args });
        const answer = this.answers.get(name);
        if (!answer) throw new Error(`${name} was not expected`);
        return answer() as never;
      };
    return {
      capture: { execute: call('capture') },
      recordSignal: { execute: call('recordSignal') },
      createSubspace: { execute: call('createSubspace') },
      queries: {
        getArtifact: call('getArtifact'),
        listArtifacts: call('listArtifacts'),
        listSignals: call('listSignals'),
        findSimilar: call('findSimilar'),
        getSubspace: call('getSubspace'),
        listSubspaces: call('listSubspaces'),
      },
    };
  }
}

const fail = (error: Error) => () => {
  throw error;
};

describe('capture routes', () => {
  let scripted: ScriptedCapture;
  let app: ReturnType<typeof createApp>;
  const unreachable = { execute: () => Promise.reject(new Error('accounts must not be reached')) };

  beforeEach(() => {
    scripted = new ScriptedCapture();
    app = createApp({
      accounts: { registerUser: unreachable, getUserById: unreachable, listUsers: unreachable, updateUser: unreachable },
      capture: scripted.useCases(),
      logger: new RecordingLogger(),
      tokenVerifier: new FakeTokenVerifier({
        all: { subject: 'all', scopes: ['capture:read', 'capture:write'] },
        reader: { subject: 'reader', scopes: ['capture:read'] },
        writer: { subject: 'writer', scopes: ['capture:write'] },
      }),
      settings: testSettings({ bodyLimit: '64kb' }),
      healthChecks: [],
    });
  });

  const get = (path: string, token = 'all') => request(app).get(path).auth(token, { type: 'bearer' });
  const post = (path: string, body: unknown, token = 'all') =>
    request(app)
      .post(path)
      .auth(token, { type: 'bearer' })
      .send(body as object);

  describe('POST /v1/capture/artifacts', () => {
    const capture = { user_id: USER_ID, url: 'https://example.com/papers/attention', embedding: [0.6, 0.8], reading_depth: 1 };

    it('answers 201 with Location and ETag when the artifact is new, passing the fields to the use case', async () => {
      scripted.answer('capture', () => ({ artifact: ARTIFACT, signal: SIGNAL, created: true }));
      const res = await post('/v1/capture/artifacts', { ...capture, title: 'Attention', occurred_at: '2026-01-02T08:30:00Z' });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body).to.deep.equal(ARTIFACT_JSON);
      expect(res.headers['location']).to.equal(`/v1/capture/artifacts/${ARTIFACT_ID}`);
      expect(res.headers['etag']).to.equal('"7"');
      expect(scripted.calls).to.have.length(1);
      expect(scripted.calls[0]?.args[0]).to.deep.equal({
        userId: USER_ID,
        url: 'https://example.com/papers/attention',
        title: 'Attention',
        embedding: [0.6, 0.8],
        readingDepth: 1,
        occurredAt: AT,
      });
      expect(scripted.calls[0]?.args[1]).to.deep.equal({ idempotencyKey: undefined });
    });

    it('answers 200 with an ETag and no Location when the artifact was known', async () => {
      scripted.answer('capture', () => ({ artifact: { ...ARTIFACT, title: null, revision: '8' }, signal: SIGNAL, created: false }));
      const res = await post('/v1/capture/artifacts', capture);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.deep.equal({ ...ARTIFACT_JSON, title: null });
      expect(res.headers['etag']).to.equal('"8"');
      expect(res.headers).not.to.have.property('location');
    });

    it('answers 422 on user_id for an unknown user', async () => {
      scripted.answer('capture', fail(new UnknownCaptureUserError()));
      const res = await post('/v1/capture/artifacts', capture);
      expect(res.status).to.equal(422);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body.code).to.equal('validation_failed');
      expect(res.body.errors).to.deep.equal([{ path: 'user_id', message: 'must be the id of an existing user' }]);
    });

    it('lists the rule violations of well-typed fields next to the malformed ones, without calling the use case', async () => {
      const res = await post('/v1/capture/artifacts', {
        user_id: 'not-a-uuid',
        url: 'https://example.com/a',
        embedding: 'no',
        reading_depth: 9,
      });
      expect(res.status).to.equal(422);
      const paths = res.body.errors.map((e: { path: string }) => e.path);
      expect(paths).to.include.members(['embedding', 'user_id', 'reading_depth']);
      expect(scripted.calls).to.deep.equal([]);
    });

    it('answers 403 to a token without capture:write, before the body is read', async () => {
      const res = await withMalformedJson(request(app).post('/v1/capture/artifacts').auth('reader', { type: 'bearer' }));
      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('forbidden');
      expect(res.headers['www-authenticate']).to.contain('scope="capture:write"');
      expect(scripted.calls).to.deep.equal([]);
    });
  });

  describe('GET /v1/capture/artifacts', () => {
    it('answers a page with the next cursor, passing the filters on', async () => {
      scripted.answer('listArtifacts', () => ({ items: [ARTIFACT], nextCursor: 'next' }));
      const res = await get(`/v1/capture/artifacts?user_id=${USER_ID}&subspace_id=${SUBSPACE_ID}&min_level=read&limit=1&cursor=c1`);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.deep.equal({ items: [ARTIFACT_JSON], next_cursor: 'next' });
      expect(scripted.calls[0]?.args[0]).to.deep.equal({
        userId: USER_ID,
        subspaceId: SUBSPACE_ID,
        minLevel: 'read',
        limit: 1,
        cursor: 'c1',
      });
    });

    it('answers 422 for a repeated parameter, before the use case', async () => {
      const res = await get(`/v1/capture/artifacts?user_id=${USER_ID}&user_id=${USER_ID}`);
      expect(res.status).to.equal(422);
      expect(res.body.errors).to.deep.equal([{ path: 'user_id', message: 'must be given once' }]);
      expect(scripted.calls).to.deep.equal([]);
    });

    it('answers 403 to a token without capture:read', async () => {
      const res = await get(`/v1/capture/artifacts?user_id=${USER_ID}`, 'writer');
      expect(res.status).to.equal(403);
      expect(res.headers['www-authenticate']).to.contain('scope="capture:read"');
    });
  });

  describe('GET /v1/capture/artifacts/{artifact_id}', () => {
    it('answers the artifact with its revision as the ETag', async () => {
      scripted.answer('getArtifact', () => ARTIFACT);
      const res = await get(`/v1/capture/artifacts/${ARTIFACT_ID}`);
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal(ARTIFACT_JSON);
      expect(res.headers['etag']).to.equal('"7"');
      expect(scripted.calls[0]?.args).to.deep.equal([ARTIFACT_ID]);
    });

    it('answers 304 without a body while If-None-Match names the revision, and 200 once it changed', async () => {
      scripted.answer('getArtifact', () => ARTIFACT);
      const same = await get(`/v1/capture/artifacts/${ARTIFACT_ID}`).set('If-None-Match', '"7"');
      expect(same.status).to.equal(304);
      expect(same.headers['etag']).to.equal('"7"');
      expect(same.text).to.equal('');
      const changed = await get(`/v1/capture/artifacts/${ARTIFACT_ID}`).set('If-None-Match', '"6"');
      expect(changed.status).to.equal(200);
    });
  });

  describe('GET /v1/capture/artifacts/{artifact_id}/signals', () => {
    it('answers a page of signals', async () => {
      scripted.answer('listSignals', () => ({ items: [SIGNAL], nextCursor: null }));
      const res = await get(`/v1/capture/artifacts/${ARTIFACT_ID}/signals?limit=5`);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.deep.equal({ items: [SIGNAL_JSON], next_cursor: null });
      expect(scripted.calls[0]?.args[0]).to.deep.equal({ artifactId: ARTIFACT_ID, limit: 5, cursor: undefined });
    });
  });

  describe('POST /v1/capture/artifacts/{artifact_id}/signals', () => {
    it('answers 201 with the signal, passing the reading on', async () => {
      scripted.answer('recordSignal', () => ({ artifact: ARTIFACT, signal: SIGNAL }));
      const res = await post(`/v1/capture/artifacts/${ARTIFACT_ID}/signals`, { reading_depth: 0.3, occurred_at: '2026-01-03T19:00:00Z' });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body).to.deep.equal(SIGNAL_JSON);
      expect(scripted.calls[0]?.args).to.deep.equal([
        { artifactId: ARTIFACT_ID, readingDepth: 0.3, occurredAt: LATER },
        { idempotencyKey: undefined },
      ]);
    });

    it('answers 422 naming the id and the depth when both are wrong', async () => {
      const res = await post('/v1/capture/artifacts/not-a-uuid/signals', { reading_depth: 2, extra: true });
      expect(res.status).to.equal(422);
      const paths = res.body.errors.map((e: { path: string }) => e.path);
      expect(paths).to.include.members(['extra', 'artifact_id', 'reading_depth']);
      expect(scripted.calls).to.deep.equal([]);
    });

    it('answers 403 to a token without capture:write', async () => {
      const res = await post(`/v1/capture/artifacts/${ARTIFACT_ID}/signals`, { reading_depth: 0.3 }, 'reader');
      expect(res.status).to.equal(403);
      expect(res.headers['www-authenticate']).to.contain('scope="capture:write"');
    });
  });

  describe('GET /v1/capture/artifacts/{artifact_id}/similar', () => {
    it('answers the similar artifacts with their similarity', async () => {
      scripted.answer('findSimilar', () => ({ items: [{ artifact: ARTIFACT, similarity: 0.87 }] }));
      const res = await get(`/v1/capture/artifacts/${ARTIFACT_ID}/similar?limit=3`);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.deep.equal({ items: [{ artifact: ARTIFACT_JSON, similarity: 0.87 }] });
      expect(scripted.calls[0]?.args[0]).to.deep.equal({ artifactId: ARTIFACT_ID, limit: 3 });
    });
  });

  describe('when the artifact of the path is unknown', () => {
    const operations = [
      { useCase: 'getArtifact', send: () => get(`/v1/capture/artifacts/${ARTIFACT_ID}`) },
      { useCase: 'listSignals', send: () => get(`/v1/capture/artifacts/${ARTIFACT_ID}/signals`) },
      { useCase: 'recordSignal', send: () => post(`/v1/capture/artifacts/${ARTIFACT_ID}/signals`, { reading_depth: 0.3 }) },
      { useCase: 'findSimilar', send: () => get(`/v1/capture/artifacts/${ARTIFACT_ID}/similar`) },
    ];
    for (const { useCase, send } of operations) {
      it(`answers 404 artifact_not_found when ${useCase} does not find it`, async () => {
        scripted.answer(useCase, fail(new ArtifactNotFoundError(ARTIFACT_ID)));
        const res = await send();
        expect(res.status).to.equal(404);
        expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
        expect(res.body.code).to.equal('artifact_not_found');
      });
    }
  });

  describe('subspaces', () => {
    it('lists one user’s subspaces', async () => {
      scripted.answer('listSubspaces', () => ({ items: [SUBSPACE] }));
      const res = await get(`/v1/capture/subspaces?user_id=${USER_ID}`);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.deep.equal({ items: [SUBSPACE_JSON] });
      expect(scripted.calls[0]?.args).to.deep.equal([USER_ID]);
    });

    it('creates one: 201 with its Location', async () => {
      scripted.answer('createSubspace', () => SUBSPACE);
      const res = await post('/v1/capture/subspaces', { user_id: USER_ID, name: 'Databases', centroid: [1, 0] });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body).to.deep.equal(SUBSPACE_JSON);
      expect(res.headers['location']).to.equal(`/v1/capture/subspaces/${SUBSPACE_ID}`);
      expect(scripted.calls[0]?.args).to.deep.equal([{ userId: USER_ID, name: 'Databases', centroid: [1, 0] }]);
    });

    it('answers 409 subspace_already_exists for a name the user has', async () => {
      scripted.answer('createSubspace', fail(new SubspaceAlreadyExistsError()));
      const res = await post('/v1/capture/subspaces', { user_id: USER_ID, name: 'databases', centroid: [1, 0] });
      expect(res.status).to.equal(409);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body.code).to.equal('subspace_already_exists');
    });

    it('answers 422 naming an empty name next to a missing centroid, without calling the use case', async () => {
      const res = await post('/v1/capture/subspaces', { user_id: USER_ID, name: '' });
      expect(res.status).to.equal(422);
      const paths = res.body.errors.map((e: { path: string }) => e.path);
      expect(paths).to.include.members(['centroid', 'name']);
      expect(scripted.calls).to.deep.equal([]);
    });

    it('refuses a creation to a token without capture:write', async () => {
      const res = await post('/v1/capture/subspaces', { user_id: USER_ID, name: 'Databases', centroid: [1, 0] }, 'reader');
      expect(res.status).to.equal(403);
      expect(scripted.calls).to.deep.equal([]);
    });

    it('gets one', async () => {
      scripted.answer('getSubspace', () => SUBSPACE);
      const res = await get(`/v1/capture/subspaces/${SUBSPACE_ID}`);
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal(SUBSPACE_JSON);
      expect(scripted.calls[0]?.args).to.deep.equal([SUBSPACE_ID]);
    });

    it('answers 404 subspace_not_found for an unknown one', async () => {
      scripted.answer('getSubspace', fail(new SubspaceNotFoundError(SUBSPACE_ID)));
      const res = await get(`/v1/capture/subspaces/${SUBSPACE_ID}`);
      expect(res.status).to.equal(404);
      expect(res.body.code).to.equal('subspace_not_found');
    });
  });

  describe('when createApp is given an idempotency store and a rate limiter', () => {
    let begun: string[];
    let policies: Array<{ readonly caller: string; readonly policy: RateLimitPolicy }>;
    let keyed: ReturnType<typeof createApp>;

    beforeEach(() => {
      begun = [];
      policies = [];
      const store: IdempotencyStore = {
        async begin(key: string): Promise<IdempotencyBeginResult> {
          begun.push(key);
          return { outcome: 'reserved', token: 't1' };
        },
        complete: async () => true,
        release: async () => true,
      };
      const limiter: RateLimiter = {
        async consume(caller, policy) {
          policies.push({ caller, policy });
          return { allowed: true, limit: policy.limit, remaining: policy.limit - 1, resetSeconds: 60, retryAfterSeconds: 0 };
        },
      };
      keyed = createApp({
        accounts: { registerUser: unreachable, getUserById: unreachable, listUsers: unreachable, updateUser: unreachable },
        capture: scripted.useCases(),
        logger: new RecordingLogger(),
        tokenVerifier: new FakeTokenVerifier({ all: { subject: 'all', scopes: ['capture:read', 'capture:write'] } }),
        settings: { ...testSettings({ bodyLimit: '64kb' }), rateLimit: { perMinute: 100, concurrentPerCaller: 0, waitingPerCaller: 0 } },
        healthChecks: [],
        idempotencyStore: store,
        rateLimiter: limiter,
        rateLimitOverride: () => 7,
      });
    });

    it('passes the Idempotency-Key, scoped by the token subject, to the capture and signal use cases', async () => {
      scripted.answer('capture', () => ({ artifact: ARTIFACT, signal: SIGNAL, created: true }));
      scripted.answer('recordSignal', () => ({ artifact: ARTIFACT, signal: SIGNAL }));
      const captured = await request(keyed)
        .post('/v1/capture/artifacts')
        .auth('all', { type: 'bearer' })
        .set('Idempotency-Key', 'k-1')
        .send({ user_id: USER_ID, url: 'https://example.com/a', embedding: [1, 0], reading_depth: 1 });
      const signalled = await request(keyed)
        .post(`/v1/capture/artifacts/${ARTIFACT_ID}/signals`)
        .auth('all', { type: 'bearer' })
        .set('Idempotency-Key', 'k-2')
        .send({ reading_depth: 0.3 });
      expect([captured.status, signalled.status]).to.deep.equal([201, 201]);
      expect(begun).to.deep.equal(['3:all:k-1', '3:all:k-2']);
      expect(scripted.calls.map((call) => call.args[1])).to.deep.equal([{ idempotencyKey: '3:all:k-1' }, { idempotencyKey: '3:all:k-2' }]);
    });

    it('limits each caller at the limit the runtime override puts in force', async () => {
      scripted.answer('getSubspace', () => SUBSPACE);
      const res = await request(keyed).get(`/v1/capture/subspaces/${SUBSPACE_ID}`).auth('all', { type: 'bearer' });
      expect(res.status).to.equal(200);
      expect(policies).to.have.length(1);
      expect(policies[0]?.policy.limit).to.equal(7);
      expect(policies[0]?.caller).to.contain('all');
    });
  });

  it('is served under /v1 only', async () => {
    const res = await get(`/v2/capture/subspaces/${SUBSPACE_ID}`);
    expect(res.status).to.equal(404);
    expect(scripted.calls).to.deep.equal([]);
  });
});
