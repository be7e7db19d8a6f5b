import { expect } from 'chai';
import request from 'supertest';

import { ARTIFACTS, axis, captureAppForSuite, captureBody, newUser, UNKNOWN_ID, type WireArtifact } from '../support/capture.js';
import { expectProblem, problemPaths } from '../support/expect-problem.js';

const DIMENSION = 3;

describe('capture: artifacts over HTTP', function () {
  this.timeout(60_000);
  const t = captureAppForSuite(DIMENSION);

  describe('POST /v1/capture/artifacts', () => {
    describe('when the (user, url) is new', () => {
      it('answers 201 with Location, ETag and the artifact (never its embedding)', async () => {
        const body = captureBody(t.user, [0.1, 0.2, 0.3], { title: '  Attention  ', reading_depth: 1.0 });
        const res = await t.api.post(ARTIFACTS).send(body).expect(201);
        const artifact = res.body as WireArtifact;
        expect(res.headers['location']).to.equal(`${ARTIFACTS}/${artifact.id}`);
        expect(res.headers['etag']).to.match(/^"1\.\d+"$/);
        expect(artifact).to.have.keys([
          'id',
          'user_id',
          'url',
          'title',
          'engagement_level',
          'max_reading_depth',
          'signal_count',
          'subspace_id',
          'assignment',
          'captured_at',
          'last_signal_at',
          'created_at',
          'updated_at',
        ]);
        expect(artifact).to.deep.include({
          user_id: t.user,
          url: body['url'],
          title: 'Attention',
          engagement_level: 'studied',
          max_reading_depth: 1,
          signal_count: 1,
          subspace_id: null,
        });
        expect(artifact.assignment).to.deep.equal({ status: 'no_subspaces', similarity: null, margin: null });
        expect(res.text).not.to.contain('embedding');
        const read = await t.api.get(res.headers['location'] as string).expect(200);
        expect(read.body).to.deep.equal(artifact);
        expect(read.headers['etag']).to.equal(res.headers['etag']);
      });

      it('computes the level from the reading depth with the thresholds in the database', async () => {
        const levels: Array<[number, string]> = [
          [0, 'glanced'],
          [0.099, 'glanced'],
          [0.1, 'skimmed'],
          [0.5, 'read'],
          [0.999, 'read'],
          [1.0, 'studied'],
          [1.5, 'studied'],
        ];
        for (const [depth, level] of levels) {
          const res = await t.api
            .post(ARTIFACTS)
            .send(captureBody(t.user, [1, 0, 0], { reading_depth: depth }))
            .expect(201);
          expect((res.body as WireArtifact).engagement_level, String(depth)).to.equal(level);
        }
      });
    });

    describe('when the (user, url) is known', () => {
      it('answers 200: adds the signal, keeps the highest level and the first embedding, fills a missing title', async () => {
        const first = captureBody(t.user, [1, 0, 0], { reading_depth: 1.2 });
        const created = (await t.api.post(ARTIFACTS).send(first).expect(201)).body as WireArtifact;
        const again = await t.api
          .post(ARTIFACTS)
          .send({ ...first, embedding: [0, 1, 0], reading_depth: 0.05, title: 'Found a title' })
          .expect(200);
        const artifact = again.body as WireArtifact;
        expect(again.headers).not.to.have.property('location');
        expect(again.headers['etag']).to.match(/^"2\.\d+"$/);
        expect(artifact).to.deep.include({
          id: created.id,
          engagement_level: 'studied',
          max_reading_depth: 1.2,
          signal_count: 2,
          title: 'Found a title',
          captured_at: created.captured_at,
        });
        const third = await t.api
          .post(ARTIFACTS)
          .send({ ...first, title: 'Another title' })
          .expect(200);
        expect((third.body as WireArtifact).title).to.equal('Found a title');

        // The first embedding stays: an artifact along [1, 0, 0] is the most similar to it.
        const twin = (
          await t.api
            .post(ARTIFACTS)
            .send(captureBody(t.user, [2, 0, 0]))
            .expect(201)
        ).body as WireArtifact;
        const similar = await t.api.get(`${ARTIFACTS}/${created.id}/similar?limit=50`).expect(200);
        const twinEntry = (similar.body as { items: Array<{ artifact: { id: string }; similarity: number }> }).items.find(
          (item) => item.artifact.id === twin.id,
        );
        expect(twinEntry?.similarity).to.be.closeTo(1, 1e-6);
      });
    });

    describe('when the input is invalid', () => {
      it('is 422 `reading_depth out of range` below 0 and above 1.5', async () => {
        for (const depth of [-0.01, 1.51, 100]) {
          const res = await t.api.post(ARTIFACTS).send(captureBody(t.user, [1, 0, 0], { reading_depth: depth }));
          expectProblem(res, 422, 'validation_failed');
          expect(res.body.errors).to.deep.equal([{ path: 'reading_depth', message: 'reading_depth out of range' }]);
        }
      });

      it('is 422 on embedding for another dimension, all zeros, or a number a 32-bit float cannot hold', async () => {
        for (const embedding of [
          [1, 0],
          [1, 0, 0, 0],
          [0, 0, 0],
          [1e300, 0, 0],
        ]) {
          const res = await t.api.post(ARTIFACTS).send(captureBody(t.user, embedding));
          expectProblem(res, 422, 'validation_failed');
          expect(problemPaths(res), JSON.stringify(embedding)).to.deep.equal(['embedding']);
        }
        const rows = await t.database.query<{ n: number }>('select count(*)::int as n from artifacts where embedding[1] > 1e30');
        expect(rows[0]?.n).to.equal(0);
      });

      it('lists every invalid field in one answer, whichever layer found it', async () => {
        const res = await t.api.post(ARTIFACTS).send({
          user_id: 'not-a-uuid',
          url: 'ftp://example.com/x',
          title: 42,
          embedding: [0, 0, 0],
          reading_depth: 'deep',
          occurred_at: 'yesterday',
          extra: true,
        });
        expectProblem(res, 422, 'validation_failed');
        expect(problemPaths(res)).to.have.members(['user_id', 'url', 'title', 'embedding', 'reading_depth', 'occurred_at', 'extra']);
      });

      it('is 422 on user_id for a user that does not exist, and writes nothing', async () => {
        const body = captureBody(UNKNOWN_ID, [1, 0, 0]);
        const res = await t.api.post(ARTIFACTS).send(body);
        expectProblem(res, 422, 'validation_failed');
        expect(res.body.errors).to.deep.equal([{ path: 'user_id', message: 'must be the id of an existing user' }]);
        const rows = await t.database.query<{ n: number }>('select count(*)::int as n from artifacts where url = $1', [body['url']]);
        expect(rows[0]?.n).to.equal(0);
      });

      it('is 400 for malformed JSON, 415 for a body that is not JSON, 413 over the body limit', async () => {
        expectProblem(await t.api.post(ARTIFACTS).set('Content-Type', 'application/json').send('{"url": '), 400, 'malformed_json');
        expectProblem(await t.api.post(ARTIFACTS).set('Content-Type', 'text/plain').send('hello'), 415, 'unsupported_media_type');
        const huge = captureBody(t.user, [1, 0, 0], { title: 'x'.repeat(200_000) });
        expectProblem(await t.api.post(ARTIFACTS).send(huge), 413, 'payload_too_large');
      });
    });

    describe('when the caller may not', () => {
      it('is 401 without a token and 403 with a token that only reads', async () => {
        expectProblem(
          await request(t.app)
            .post(ARTIFACTS)
            .send(captureBody(t.user, [1, 0, 0])),
          401,
          'unauthorized',
        );
        const reader = await t.as({ scopes: ['capture:read', 'accounts:write'] });
        const res = await reader.post(ARTIFACTS).send(captureBody(t.user, [1, 0, 0]));
        expectProblem(res, 403, 'forbidden');
        expect(res.body.detail).to.contain('capture:write');
      });
    });
  });

  describe('GET /v1/capture/artifacts/{artifact_id}', () => {
    it('answers 304 to a current If-None-Match (also with Cache-Control: no-cache), 200 once a signal changed it', async () => {
      const created = await t.api
        .post(ARTIFACTS)
        .send(captureBody(t.user, [1, 1, 0]))
        .expect(201);
      const path = created.headers['location'] as string;
      const etag = (await t.api.get(path).expect(200)).headers['etag'] as string;
      const notModified = await t.api.get(path).set('If-None-Match', etag).set('Cache-Control', 'no-cache').expect(304);
      expect(notModified.headers['etag']).to.equal(etag);
      expect(notModified.text).to.equal('');
      await t.api.post(`${path}/signals`).send({ reading_depth: 0.2 }).expect(201);
      const changed = await t.api.get(path).set('If-None-Match', etag).expect(200);
      expect(changed.headers['etag']).not.to.equal(etag);
      expect((changed.body as WireArtifact).signal_count).to.equal(2);
    });

    it('is 404 artifact_not_found for an unknown id, 422 for a malformed one, 405 for another method', async () => {
      const missing = await t.api.get(`${ARTIFACTS}/${UNKNOWN_ID}`);
      expectProblem(missing, 404, 'artifact_not_found');
      const malformed = await t.api.get(`${ARTIFACTS}/nope`);
      expectProblem(malformed, 422, 'validation_failed');
      expect(malformed.body.errors).to.deep.equal([{ path: 'artifact_id', message: 'must be a UUID' }]);
      const wrongMethod = await t.api.delete(`${ARTIFACTS}/${UNKNOWN_ID}`);
      expectProblem(wrongMethod, 405, 'method_not_allowed');
      expect(wrongMethod.headers['allow']).to.contain('GET');
    });

    it('is 403 for a token that only writes', async () => {
      const writer = await t.as({ scopes: ['capture:write'] });
      expectProblem(await writer.get(`${ARTIFACTS}/${UNKNOWN_ID}`), 403, 'forbidden');
    });
  });

  describe('GET /v1/capture/artifacts', () => {
    let owner: string;
    const ids: string[] = [];

    before(async () => {
      owner = await newUser(t.api);
      for (const depth of [0.05, 0.3, 0.7, 1.1, 0.05]) {
        ids.push(
          (
            (
              await t.api
                .post(ARTIFACTS)
                .send(captureBody(owner, axis(DIMENSION, ids.length), { reading_depth: depth }))
                .expect(201)
            ).body as WireArtifact
          ).id,
        );
      }
    });

    it("walks one user's artifacts in creation order with next_cursor, each exactly once", async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string> = { user_id: owner, limit: '2', ...(cursor === null ? {} : { cursor }) };
        const page = await t.api.get(ARTIFACTS).query(query).expect(200);
        const body = page.body as { items: WireArtifact[]; next_cursor: string | null };
        expect(body.items.length).to.be.at.most(2);
        seen.push(...body.items.map((item) => item.id));
        cursor = body.next_cursor;
      } while (cursor !== null);
      expect(seen).to.deep.equal(ids);
    });

    it('filters by minimum level, and by subspace (an unknown one is an empty page)', async () => {
      const read = await t.api.get(ARTIFACTS).query({ user_id: owner, min_level: 'read' }).expect(200);
      expect((read.body as { items: WireArtifact[] }).items.map((item) => item.id)).to.deep.equal([ids[2], ids[3]]);
      const none = await t.api.get(ARTIFACTS).query({ user_id: owner, subspace_id: UNKNOWN_ID }).expect(200);
      expect(none.body).to.deep.equal({ items: [], next_cursor: null });
      const stranger = await t.api.get(ARTIFACTS).query({ user_id: UNKNOWN_ID }).expect(200);
      expect(stranger.body).to.deep.equal({ items: [], next_cursor: null });
    });

    it('is 422 for a missing user_id, a bad level, limit or cursor, a repeated or unknown parameter', async () => {
      // A cursor of another list (signals) is not a cursor of this one.
      await t.api.post(`${ARTIFACTS}/${ids[0]}/signals`).send({ reading_depth: 0.1 }).expect(201);
      const otherCursor = (
        (await t.api.get(`${ARTIFACTS}/${ids[0]}/signals`).query({ limit: '1' }).expect(200)).body as { next_cursor: string }
      ).next_cursor;
      const cases: Array<[string, string]> = [
        ['', 'user_id'],
        [`user_id=${owner}&min_level=deep`, 'min_level'],
        [`user_id=${owner}&limit=0`, 'limit'],
        [`user_id=${owner}&limit=101`, 'limit'],
        [`user_id=${owner}&cursor=${encodeURIComponent(otherCursor)}`, 'cursor'],
        [`user_id=${owner}&user_id=${owner}`, 'user_id'],
        [`user_id=${owner}&sort=asc`, 'sort'],
        ['user_id=nope', 'user_id'],
      ];
      for (const [query, path] of cases) {
        const res = await t.api.get(`${ARTIFACTS}?${query}`);
        expectProblem(res, 422, 'validation_failed');
        expect(problemPaths(res), query).to.deep.equal([path]);
      }
    });
  });
});
