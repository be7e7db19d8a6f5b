import type { ServerResponse } from 'node:http';

import { expect } from 'chai';
import request from 'supertest';

import { forSuite } from '../support/for-suite.js';
import { sampleValue } from '../support/prometheus-sample.js';
import { StubLegacy } from '../support/stub-legacy.js';
import { testAppForSuite } from '../support/test-app-for-suite.js';

interface WireUser {
  readonly id: string;
  readonly full_name: string;
}

/** The shadow comparisons counted for the single-user route, by result. */
function comparisons(exposition: string, result: string): number {
  return sampleValue(exposition, 'legacy_shadow_comparisons_total', { route: '/v1/accounts/users/:user_id', result });
}

describe('shadow reads to the legacy backend (PROJ_LEGACY_SHADOW_READS)', function () {
  this.timeout(120_000);

  const stub = forSuite(
    () => StubLegacy.start(),
    (stub) => stub.close(),
  );
  const t = testAppForSuite(() => ({
    PROJ_LEGACY_BASE_URL: stub.url,
    PROJ_LEGACY_SHADOW_READS: 'true',
    PROJ_LEGACY_SHADOW_IGNORED_FIELDS: 'created_at,updated_at',
    PROJ_LEGACY_SHADOW_MAX_IN_FLIGHT: '2',
    PROJ_LEGACY_TIMEOUT_MS: '60000',
  }));
  let user: WireUser;

  /** Polls /metrics (the replay runs in the background of a real server) until `result` reaches `count`. */
  async function counted(result: string, count: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const exposition = (await request(t.app).get('/metrics').expect(200)).text;
      if (comparisons(exposition, result) >= count) return;
      if (Date.now() > deadline) throw new Error(`${result} never reached ${count}: ${comparisons(exposition, result)}`);
      await new Promise<void>((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The legacy backend answers GETs of users with `answer(user)`. */
  function legacyAnswers(answer: (res: ServerResponse) => void): void {
    stub.handler = (req, res) => {
      if (!(req.url ?? '').startsWith('/v1/accounts/users/')) return false;
      req.resume();
      answer(res);
      return true;
    };
  }

  before(async () => {
    user = (await t.api.post('/v1/accounts/users').send({ email: 'shadow@example.com', full_name: 'Ada Lovelace' }).expect(201))
      .body as WireUser;
  });

  it("counts a match when the legacy answer agrees (ignored fields aside), replaying the caller's headers", async () => {
    legacyAnswers((res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ...user, updated_at: '1999-01-01T00:00:00.000Z' }));
    });
    await t.api.get(`/v1/accounts/users/${user.id}`).set('X-Request-Id', 'shadow-match').expect(200);
    await counted('match', 1);
    const replayed = stub.requests.find((seen) => seen.headers['x-request-id'] === 'shadow-match');
    expect(replayed?.headers['authorization']).to.match(/^Bearer /);
    expect(replayed?.headers['x-shadow-read']).to.equal('true');
  });

  it('counts a mismatch and logs the differing field paths, never their values', async () => {
    legacyAnswers((res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ...user, full_name: 'Ada King', is_active: false }));
    });
    await t.api.get(`/v1/accounts/users/${user.id}`).expect(200);
    await counted('mismatch', 1);
    const line = t.logs.entries.find((entry) => entry.message === 'shadow read mismatch');
    expect(line?.fields).to.deep.include({ fields: ['full_name', 'is_active'], status: 200, legacy_status: 200 });
    expect(JSON.stringify(t.logs.entries)).not.to.contain('Ada King');
  });

  it('counts an error when the legacy backend fails, and the caller gets the same answer as always', async () => {
    legacyAnswers((res) => res.socket?.destroy());
    const response = await t.api.get(`/v1/accounts/users/${user.id}`).expect(200);
    expect(response.body).to.deep.equal(user);
    await counted('error', 1);
  });

  it('answers the caller while the legacy backend hangs, and drops replays beyond the bound', async () => {
    let hanging = 0;
    legacyAnswers(() => {
      hanging += 1;
    });
    for (let i = 0; i < 6; i += 1) {
      const response = await t.api.get(`/v1/accounts/users/${user.id}`);
      expect(response.status).to.equal(200);
      expect(response.body).to.deep.equal(user);
    }
    await counted('dropped', 4);
    expect(hanging).to.equal(2);
  });
});
