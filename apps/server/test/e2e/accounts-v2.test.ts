import { expect } from 'chai';

import { registerUser, type WireUser } from '../support/accounts.js';
import { expectProblem } from '../support/expect-problem.js';
import { testAppForSuite } from '../support/test-app-for-suite.js';

describe('/v2/accounts/users beside /v1', function () {
  this.timeout(60_000);

  const t = testAppForSuite();
  describe('when a user is registered through v2', () => {
    it('answers with a v2 Location, and v1 serves the same user (one set of use cases, one database)', async () => {
      const { user, etag, url } = await registerUser(t.api, 'v2');
      expect(url).to.equal(`/v2/accounts/users/${user.id}`);
      const v1 = await t.api.get(`/v1/accounts/users/${user.id}`).expect(200);
      expect(v1.body).to.deep.equal(user);
      expect(v1.headers['etag']).to.equal(etag);
      const page = await t.api.get('/v2/accounts/users?limit=100').expect(200);
      expect((page.body as { items: WireUser[] }).items.map((item) => item.id)).to.include(user.id);
    });
  });

  describe('when v2 PATCH comes without If-Match', () => {
    it('answers 428 precondition_required and writes nothing', async () => {
      const { user, url } = await registerUser(t.api, 'v1');
      const response = await t.api.patch(`/v2/accounts/users/${user.id}`).send({ full_name: 'Ada King' });
      expectProblem(response, 428, 'precondition_required');
      expect((await t.api.get(url).expect(200)).body).to.include({ full_name: 'Ada Lovelace' });
    });
  });

  describe('when v2 PATCH comes with If-Match', () => {
    it('applies the change with the current ETag, and answers 412 with a stale one', async () => {
      const { user, etag } = await registerUser(t.api, 'v2');
      const renamed = await t.api.patch(`/v2/accounts/users/${user.id}`).set('If-Match', etag).send({ full_name: 'Ada King' }).expect(200);
      expect(renamed.body).to.include({ full_name: 'Ada King' });
      const stale = await t.api.patch(`/v2/accounts/users/${user.id}`).set('If-Match', etag).send({ full_name: 'Ada Byron' });
      expectProblem(stale, 412, 'precondition_failed');
    });
  });

  describe('when v1 PATCH (deprecated) is called', () => {
    it('still applies a change without If-Match, announcing the deprecation in RFC 9745 / 8594 headers', async () => {
      const { user } = await registerUser(t.api, 'v2');
      const renamed = await t.api.patch(`/v1/accounts/users/${user.id}`).send({ full_name: 'Ada King' }).expect(200);
      expect(renamed.body).to.include({ full_name: 'Ada King' });
      const deprecation = /^@(\d+)$/.exec(renamed.headers['deprecation'] as string);
      expect(new Date(Number(deprecation?.[1]) * 1000).toISOString()).to.equal('2026-12-02T00:00:00.000Z');
      const sunset = renamed.headers['sunset'] as string;
      expect(sunset).to.match(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      expect(new Date(sunset).toISOString()).to.equal('2027-06-30T00:00:00.000Z');
      expect(renamed.headers['link']).to.match(/^<\/redoc#section\/Versioning>; rel="deprecation"/);
    });

    it('counts the calls by operation and caller in /metrics, and the v2 operation carries no deprecation', async () => {
      const { user } = await registerUser(t.api, 'v1');
      const caller = await t.as({ subject: 'billing-service' });
      await caller.patch(`/v1/accounts/users/${user.id}`).send({ full_name: 'Ada King' }).expect(200);
      const problem = await caller.patch(`/v1/accounts/users/${user.id}`).send({ full_name: '' });
      expect(problem.status).to.equal(422);
      expect(problem.headers).to.have.property('deprecation');
      const current = await t.api.patch(`/v2/accounts/users/${user.id}`).set('If-Match', '*').send({ is_active: false }).expect(200);
      expect(current.headers).not.to.have.any.keys('deprecation', 'sunset', 'link');
      const exposition = (await t.api.get('/metrics').expect(200)).text;
      expect(exposition).to.match(/^http_deprecated_calls_total\{[^}]*operation="updateUser",caller="billing-service"[^}]*\} 2$/m);
      expect(exposition).not.to.match(/operation="updateUserV2"/);
    });
  });
});
