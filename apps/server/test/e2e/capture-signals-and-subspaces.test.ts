import { expect } from 'chai';

import {
  ARTIFACTS,
  axis,
  captureAppForSuite,
  captureBody,
  newUser,
  SUBSPACES,
  UNKNOWN_ID,
  type WireArtifact,
  type WireSignal,
  type WireSubspace,
} from '../support/capture.js';
import { expectProblem, problemPaths } from '../support/expect-problem.js';

const DIMENSION = 4;

describe('capture: signals, similar artifacts and subspaces over HTTP', function () {
  this.timeout(60_000);
  const t = captureAppForSuite(DIMENSION);

  const capture = async (owner: string, embedding: number[], overrides: Record<string, unknown> = {}): Promise<WireArtifact> =>
    (
      await t.api
        .post(ARTIFACTS)
        .send(captureBody(owner, embedding, overrides))
        .expect(201)
    ).body as WireArtifact;

  /** Creates a subspace through the API (201) and returns it. */
  const createSubspace = async (owner: string, name: string, centroid: number[]): Promise<WireSubspace> =>
    (await t.api.post(SUBSPACES).send({ user_id: owner, name, centroid }).expect(201)).body as WireSubspace;

  describe('POST /v1/capture/artifacts/{artifact_id}/signals', () => {
    it('answers 201 with the signal; a lower signal after a higher one keeps the higher level', async () => {
      const artifact = await capture(t.user, axis(DIMENSION, 0), { reading_depth: 0.3 });
      const higher = await t.api
        .post(`${ARTIFACTS}/${artifact.id}/signals`)
        .send({ reading_depth: 1.1, occurred_at: '2026-01-05T10:00:00+02:00' })
        .expect(201);
      const signal = higher.body as WireSignal;
      expect(signal).to.have.keys(['id', 'artifact_id', 'reading_depth', 'occurred_at', 'level_after']);
      expect(signal).to.deep.include({
        artifact_id: artifact.id,
        reading_depth: 1.1,
        occurred_at: '2026-01-05T08:00:00.000Z',
        level_after: 'studied',
      });
      const lower = await t.api.post(`${ARTIFACTS}/${artifact.id}/signals`).send({ reading_depth: 0 }).expect(201);
      expect((lower.body as WireSignal).level_after).to.equal('studied');
      const read = await t.api.get(`${ARTIFACTS}/${artifact.id}`).expect(200);
      expect(read.body).to.deep.include({ engagement_level: 'studied', max_reading_depth: 1.1, signal_count: 3 });
    });

    it('ends at the maximum of concurrent signals', async () => {
      const artifact = await capture(t.user, axis(DIMENSION, 1), { reading_depth: 0 });
      const depths = [0.2, 0.05, 1.3, 0.6, 0.4, 0.9, 0.1, 0.7, 0.3, 0.15];
      await Promise.all(
        depths.map((depth) => t.api.post(`${ARTIFACTS}/${artifact.id}/signals`).send({ reading_depth: depth }).expect(201)),
      );
      const read = await t.api.get(`${ARTIFACTS}/${artifact.id}`).expect(200);
      expect(read.body).to.deep.include({ engagement_level: 'studied', max_reading_depth: 1.3, signal_count: 11 });
    });

    it('is 404 for an unknown artifact, 422 out of range or malformed, listing every invalid field', async () => {
      expectProblem(await t.api.post(`${ARTIFACTS}/${UNKNOWN_ID}/signals`).send({ reading_depth: 0.5 }), 404, 'artifact_not_found');
      const outOfRange = await t.api.post(`${ARTIFACTS}/${UNKNOWN_ID}/signals`).send({ reading_depth: 1.6 });
      expectProblem(outOfRange, 422, 'validation_failed');
      expect(outOfRange.body.errors).to.deep.equal([{ path: 'reading_depth', message: 'reading_depth out of range' }]);
      const both = await t.api.post(`${ARTIFACTS}/nope/signals`).send({ reading_depth: '1', occurred_at: 'soon' });
      expectProblem(both, 422, 'validation_failed');
      expect(problemPaths(both)).to.have.members(['artifact_id', 'reading_depth', 'occurred_at']);
      const empty = await t.api.post(`${ARTIFACTS}/${UNKNOWN_ID}/signals`).send({});
      expect(empty.body.errors).to.deep.equal([{ path: 'reading_depth', message: 'is required' }]);
    });
  });

  describe('GET /v1/capture/artifacts/{artifact_id}/signals', () => {
    it('pages through the signals oldest first', async () => {
      const artifact = await capture(t.user, axis(DIMENSION, 2), { reading_depth: 0.1, occurred_at: '2026-01-01T00:00:00Z' });
      for (const [depth, at] of [
        [0.9, '2026-01-03T00:00:00Z'],
        [0.4, '2026-01-02T00:00:00Z'],
      ] as const) {
        await t.api.post(`${ARTIFACTS}/${artifact.id}/signals`).send({ reading_depth: depth, occurred_at: at }).expect(201);
      }
      const first = await t.api.get(`${ARTIFACTS}/${artifact.id}/signals?limit=2`).expect(200);
      const page = first.body as { items: WireSignal[]; next_cursor: string };
      expect(page.items.map((s) => s.reading_depth)).to.deep.equal([0.1, 0.4]);
      // level_after is the artifact's level when the signal arrived: the 0.4 one came after the 0.9 one.
      expect(page.items.map((s) => s.level_after)).to.deep.equal(['skimmed', 'read']);
      const second = await t.api.get(`${ARTIFACTS}/${artifact.id}/signals`).query({ limit: '2', cursor: page.next_cursor }).expect(200);
      expect(second.body).to.deep.include({ next_cursor: null });
      expect((second.body as { items: WireSignal[] }).items.map((s) => [s.reading_depth, s.level_after])).to.deep.equal([[0.9, 'read']]);
    });

    it('is 404 for an unknown artifact and 422 for a bad limit', async () => {
      expectProblem(await t.api.get(`${ARTIFACTS}/${UNKNOWN_ID}/signals`), 404, 'artifact_not_found');
      const res = await t.api.get(`${ARTIFACTS}/${UNKNOWN_ID}/signals?limit=abc`);
      expectProblem(res, 422, 'validation_failed');
      expect(problemPaths(res)).to.deep.equal(['limit']);
    });
  });

  describe('GET /v1/capture/artifacts/{artifact_id}/similar', () => {
    it("ranks the same user's other artifacts by cosine similarity, best first, up to limit", async () => {
      const owner = await newUser(t.api);
      const stranger = await newUser(t.api);
      const target = await capture(owner, [1, 0, 0, 0]);
      const near = await capture(owner, [1, 0.1, 0, 0]);
      const middle = await capture(owner, [1, 1, 0, 0]);
      const opposite = await capture(owner, [-1, 0, 0, 0]);
      await capture(stranger, [1, 0, 0, 0]);
      const res = await t.api.get(`${ARTIFACTS}/${target.id}/similar`).expect(200);
      const items = (res.body as { items: Array<{ artifact: WireArtifact; similarity: number }> }).items;
      expect(items.map((item) => item.artifact.id)).to.deep.equal([near.id, middle.id, opposite.id]);
      expect(items[0]?.similarity).to.be.closeTo(1 / Math.sqrt(1.01), 1e-6);
      expect(items[1]?.similarity).to.be.closeTo(Math.SQRT1_2, 1e-6);
      expect(items[2]?.similarity).to.be.closeTo(-1, 1e-6);
      const limited = await t.api.get(`${ARTIFACTS}/${target.id}/similar?limit=1`).expect(200);
      expect((limited.body as { items: unknown[] }).items).to.have.length(1);
    });

    it('is 404 for an unknown artifact and 422 for a limit outside 1-50', async () => {
      expectProblem(await t.api.get(`${ARTIFACTS}/${UNKNOWN_ID}/similar`), 404, 'artifact_not_found');
      for (const limit of ['0', '51']) {
        const res = await t.api.get(`${ARTIFACTS}/${UNKNOWN_ID}/similar?limit=${limit}`);
        expectProblem(res, 422, 'validation_failed');
        expect(res.body.errors).to.deep.equal([{ path: 'limit', message: 'must be an integer from 1 to 50' }]);
      }
    });
  });

  describe('subspaces', () => {
    it('creates one (201, Location), lists and reads it; a name taken in any letter case is 409', async () => {
      const owner = await newUser(t.api);
      const created = await t.api
        .post(SUBSPACES)
        .send({ user_id: owner, name: '  Systems ', centroid: [1, 0, 0, 0] })
        .expect(201);
      const subspace = created.body as WireSubspace;
      expect(subspace).to.have.keys(['id', 'user_id', 'name', 'artifact_count', 'created_at']);
      expect(subspace).to.deep.include({ user_id: owner, name: 'Systems', artifact_count: 0 });
      expect(created.headers['location']).to.equal(`${SUBSPACES}/${subspace.id}`);
      expect((await t.api.get(created.headers['location'] as string).expect(200)).body).to.deep.equal(subspace);

      const taken = await t.api.post(SUBSPACES).send({ user_id: owner, name: 'SYSTEMS', centroid: [0, 1, 0, 0] });
      expectProblem(taken, 409, 'subspace_already_exists');
      const other = await newUser(t.api);
      await createSubspace(other, 'systems', [0, 1, 0, 0]);

      const second = await createSubspace(owner, 'Biology', [0, 1, 0, 0]);
      const list = await t.api.get(SUBSPACES).query({ user_id: owner }).expect(200);
      expect((list.body as { items: WireSubspace[] }).items.map((s) => s.id)).to.deep.equal([subspace.id, second.id]);
      expect((await t.api.get(SUBSPACES).query({ user_id: UNKNOWN_ID }).expect(200)).body).to.deep.equal({ items: [] });
    });

    it('assigns a new artifact to the clearly closest subspace, and calls a tie ambiguous', async () => {
      const owner = await newUser(t.api);
      const systems = await createSubspace(owner, 'Systems', [1, 0, 0, 0]);
      await createSubspace(owner, 'Biology', [0, 1, 0, 0]);

      const clear = await capture(owner, [1, 0.2, 0, 0]);
      expect(clear.subspace_id).to.equal(systems.id);
      expect(clear.assignment.status).to.equal('assigned');
      expect(clear.assignment.similarity).to.be.closeTo(1 / Math.sqrt(1.04), 1e-6);
      expect(clear.assignment.margin).to.be.closeTo(0.8 / Math.sqrt(1.04), 1e-6);

      const tie = await capture(owner, [1, 1, 0, 0]);
      expect(tie.subspace_id).to.equal(null);
      expect(tie.assignment.status).to.equal('ambiguous');
      expect(tie.assignment.margin).to.be.closeTo(0, 1e-6);

      expect(((await t.api.get(`${SUBSPACES}/${systems.id}`).expect(200)).body as WireSubspace).artifact_count).to.equal(1);
      const inSystems = await t.api.get(ARTIFACTS).query({ user_id: owner, subspace_id: systems.id }).expect(200);
      expect((inSystems.body as { items: WireArtifact[] }).items.map((a) => a.id)).to.deep.equal([clear.id]);
    });

    it('follows the margin threshold changed in the database (runtime setting)', async () => {
      const owner = await newUser(t.api);
      await createSubspace(owner, 'A', [1, 0, 0, 0]);
      await createSubspace(owner, 'B', [0, 1, 0, 0]);
      await t.database.query(`insert into system_config (key, value) values ('capture.assignment_min_margin', '0.9'::jsonb)`);
      await t.adapters.systemConfig.refresh();
      try {
        expect((await capture(owner, [1, 0.2, 0, 0])).assignment.status).to.equal('ambiguous');
      } finally {
        await t.database.query(`delete from system_config where key = 'capture.assignment_min_margin'`);
        await t.adapters.systemConfig.refresh();
      }
      expect((await capture(owner, [1, 0.2, 0, 0])).assignment.status).to.equal('assigned');
    });

    it('is 422 for a bad centroid, name or unknown user, 404 for an unknown subspace', async () => {
      const bad = await t.api.post(SUBSPACES).send({ user_id: t.user, name: '', centroid: [1, 0] });
      expectProblem(bad, 422, 'validation_failed');
      expect(problemPaths(bad)).to.have.members(['name', 'centroid']);
      const long = await t.api.post(SUBSPACES).send({ user_id: t.user, name: 'x'.repeat(101), centroid: [0, 0, 0, 0] });
      expect(problemPaths(long)).to.have.members(['name', 'centroid']);
      const nobody = await t.api.post(SUBSPACES).send({ user_id: UNKNOWN_ID, name: 'N', centroid: [1, 0, 0, 0] });
      expectProblem(nobody, 422, 'validation_failed');
      expect(problemPaths(nobody)).to.deep.equal(['user_id']);
      expectProblem(await t.api.get(`${SUBSPACES}/${UNKNOWN_ID}`), 404, 'subspace_not_found');
      expectProblem(await t.api.get(`${SUBSPACES}/nope`), 422, 'validation_failed');
      const missing = await t.api.get(SUBSPACES);
      expectProblem(missing, 422, 'validation_failed');
      expect(missing.body.errors).to.deep.equal([{ path: 'user_id', message: 'is required' }]);
    });

    it('needs capture:write to create and capture:read to read', async () => {
      const reader = await t.as({ scopes: ['capture:read'] });
      expectProblem(await reader.post(SUBSPACES).send({ user_id: t.user, name: 'R', centroid: [1, 0, 0, 0] }), 403, 'forbidden');
      const writer = await t.as({ scopes: ['capture:write'] });
      expectProblem(await writer.get(SUBSPACES).query({ user_id: t.user }), 403, 'forbidden');
    });
  });
});
