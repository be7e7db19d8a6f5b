import { expect } from 'chai';

import { idempotencyRecordOf } from '@proj/api';

import { ARTIFACTS, captureBody, newUser, SUBSPACES } from '../support/capture.js';
import { expectProblem } from '../support/expect-problem.js';
import { testAppForSuite } from '../support/test-app-for-suite.js';
import { sharedRedisEnv } from '../support/test-server.js';

const DIMENSION = 3;
const SUBJECT = 'e2e-tester';

for (const coordination of ['in-process', 'redis'] as const) {
  describe(`capture: Idempotency-Key on the POSTs (${coordination})`, function () {
    this.timeout(60_000);
    const t = testAppForSuite(async (suite) => ({
      PROJ_CAPTURE_EMBEDDING_DIMENSION: String(DIMENSION),
      ...(coordination === 'redis' ? await sharedRedisEnv(suite) : {}),
    }));
    let user: string;

    before(async () => {
      expect(t.adapters.coordination).to.equal(coordination);
      user = await newUser(t.api);
    });

    const signalCount = async (url: unknown): Promise<number> =>
      (await t.database.query<{ n: number }>('select signal_count as n from artifacts where url = $1', [url]))[0]?.n ?? 0;

    it('replays a capture (status, Location, ETag, body) without a second signal', async () => {
      const body = captureBody(user, [1, 0, 0]);
      const first = await t.api.post(ARTIFACTS).set('Idempotency-Key', 'capture-1').send(body).expect(201);
      const again = await t.api.post(ARTIFACTS).set('Idempotency-Key', 'capture-1').send(body).expect(201);
      expect(again.text).to.equal(first.text);
      for (const header of ['location', 'etag', 'content-type']) expect(again.headers[header], header).to.equal(first.headers[header]);
      expect(again.headers['idempotent-replayed']).to.equal('true');
      expect(await signalCount(body['url'])).to.equal(1);
      // Without the key, the same capture is another reading.
      await t.api.post(ARTIFACTS).send(body).expect(200);
      expect(await signalCount(body['url'])).to.equal(2);
    });

    it('replays a signal and a subspace creation', async () => {
      const body = captureBody(user, [0, 1, 0]);
      const artifact = (await t.api.post(ARTIFACTS).send(body).expect(201)).body as { id: string };
      const path = `${ARTIFACTS}/${artifact.id}/signals`;
      const signal = await t.api.post(path).set('Idempotency-Key', 'signal-1').send({ reading_depth: 0.4 }).expect(201);
      const replayed = await t.api.post(path).set('Idempotency-Key', 'signal-1').send({ reading_depth: 0.4 }).expect(201);
      expect(replayed.body).to.deep.equal(signal.body);
      expect(await signalCount(body['url'])).to.equal(2);

      const subspace = { user_id: user, name: `Idem ${coordination}`, centroid: [0, 0, 1] };
      const created = await t.api.post(SUBSPACES).set('Idempotency-Key', 'subspace-1').send(subspace).expect(201);
      const again = await t.api.post(SUBSPACES).set('Idempotency-Key', 'subspace-1').send(subspace).expect(201);
      expect(again.body).to.deep.equal(created.body);
      expect(again.headers['location']).to.equal(created.headers['location']);
    });

    it('is 422 idempotency_key_reused for the same key with another body', async () => {
      await t.api
        .post(ARTIFACTS)
        .set('Idempotency-Key', 'capture-2')
        .send(captureBody(user, [1, 1, 0]))
        .expect(201);
      const res = await t.api
        .post(ARTIFACTS)
        .set('Idempotency-Key', 'capture-2')
        .send(captureBody(user, [1, 1, 0]));
      expectProblem(res, 422, 'idempotency_key_reused');
    });

    it('is 409 idempotency_in_progress while the first request with the key is still running', async () => {
      const body = captureBody(user, [1, 0, 1]);
      // The first request, as this instance sees it: reserved and not finished.
      const record = idempotencyRecordOf({ scope: SUBJECT, offeredKey: 'capture-3', method: 'POST', path: ARTIFACTS, body });
      await t.adapters.idempotencyStore.begin(record.key, record.fingerprint, 60_000);
      const res = await t.api.post(ARTIFACTS).set('Idempotency-Key', 'capture-3').send(body);
      expectProblem(res, 409, 'idempotency_in_progress');
      expect(res.headers['retry-after']).to.equal('1');
      expect(await signalCount(body['url'])).to.equal(0);
    });
  });
}
