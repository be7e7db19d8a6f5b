import { expect } from 'chai';

import { registerUser, type RegisteredUser } from '../support/accounts.js';
import { expectProblem, problemPaths } from '../support/expect-problem.js';
import { testAppForSuite } from '../support/test-app-for-suite.js';

const USERS = '/v1/accounts/users';
const UNKNOWN_ID = '00000000-0000-4000-8000-0000000000ff';

describe('PATCH /v1/accounts/users/{user_id} and conditional requests', function () {
  this.timeout(60_000);

  const t = testAppForSuite();
  const aUser = (): Promise<RegisteredUser> => registerUser(t.api);

  async function storedRow(id: string): Promise<{ full_name: string; is_active: boolean; version: number; updated_at: Date } | undefined> {
    const [row] = await t.database.query<{ full_name: string; is_active: boolean; version: number; updated_at: Date }>(
      'select full_name, is_active, version, updated_at from users where id = $1',
      [id],
    );
    return row;
  }

  describe('when a user is renamed', () => {
    it('answers 200 with the new state and a new ETag, moves updated_at, and GET agrees', async () => {
      const { user, etag, url } = await aUser();
      const response = await t.api.patch(url).send({ full_name: '  Ada King ' });
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
      expect(response.body).to.include({
        id: user.id,
        email: user.email,
        full_name: 'Ada King',
        is_active: true,
        created_at: user.created_at,
      });
      expect(response.body.updated_at > user.updated_at).to.equal(true);
      expect(response.headers['etag'])
        .to.match(/^"\d+"$/)
        .and.not.equal(etag);
      const read = await t.api.get(url).expect(200);
      expect(read.body).to.deep.equal(response.body);
      expect(read.headers['etag']).to.equal(response.headers['etag']);
    });
  });

  describe('when a user is deactivated and reactivated', () => {
    it('changes is_active each time, with a new ETag each time', async () => {
      const { etag, url } = await aUser();
      const off = await t.api.patch(url).send({ is_active: false }).expect(200);
      const on = await t.api.patch(url).send({ is_active: true }).expect(200);
      expect([off.body.is_active, on.body.is_active]).to.deep.equal([false, true]);
      expect(new Set([etag, off.headers['etag'], on.headers['etag']]).size).to.equal(3);
    });
  });

  describe('when the request changes nothing', () => {
    it('answers 200 with the same ETag and updated_at, and writes nothing', async () => {
      const { user, etag, url } = await aUser();
      const before = await storedRow(user.id);
      const response = await t.api.patch(url).set('If-Match', etag).send({ full_name: 'Ada Lovelace', is_active: true }).expect(200);
      expect(response.headers['etag']).to.equal(etag);
      expect(response.body.updated_at).to.equal(user.updated_at);
      expect(await storedRow(user.id)).to.deep.equal(before);
    });
  });

  describe('with If-Match', () => {
    it('applies the change when the ETag is current', async () => {
      const { etag, url } = await aUser();
      const response = await t.api.patch(url).set('If-Match', etag).send({ is_active: false });
      expect(response.status).to.equal(200);
      expect(response.body.is_active).to.equal(false);
    });

    it('answers 412 precondition_failed for a stale ETag and writes nothing', async () => {
      const { user, etag, url } = await aUser();
      await t.api.patch(url).send({ full_name: 'Changed Meanwhile' }).expect(200);
      const before = await storedRow(user.id);
      const response = await t.api.patch(url).set('If-Match', etag).send({ full_name: 'Lost Update' });
      expectProblem(response, 412, 'precondition_failed');
      expect(response.headers).not.to.have.property('etag');
      expect(await storedRow(user.id)).to.deep.equal(before);
    });

    it('answers 412 for an ETag this API never issues, or a weak one, and writes nothing', async () => {
      const { user, etag, url } = await aUser();
      const before = await storedRow(user.id);
      for (const ifMatch of ['"999999"', `W/${etag}`, '"not-a-version"']) {
        expectProblem(await t.api.patch(url).set('If-Match', ifMatch).send({ is_active: false }), 412, 'precondition_failed');
      }
      expect(await storedRow(user.id)).to.deep.equal(before);
    });

    it('applies the change when any ETag of an If-Match list is current, and answers 412 when none is', async () => {
      const { user, etag, url } = await aUser();
      const before = await storedRow(user.id);
      expectProblem(await t.api.patch(url).set('If-Match', '"98", W/"1", "99"').send({ is_active: false }), 412, 'precondition_failed');
      expect(await storedRow(user.id)).to.deep.equal(before);
      const response = await t.api.patch(url).set('If-Match', `"98", ${etag}`).send({ is_active: false });
      expect(response.status).to.equal(200);
      expect(response.body.is_active).to.equal(false);
    });

    it('applies the change for If-Match: * on an existing user', async () => {
      const { url } = await aUser();
      expect((await t.api.patch(url).set('If-Match', '*').send({ is_active: false })).status).to.equal(200);
    });

    it('answers 422 for a malformed If-Match', async () => {
      const { url } = await aUser();
      const response = await t.api.patch(url).set('If-Match', 'no-quotes').send({ is_active: false });
      expectProblem(response, 422, 'validation_failed');
      expect(problemPaths(response)).to.deep.equal(['If-Match']);
    });

    it('answers 404 user_not_found for an unknown user, whatever the ETag', async () => {
      expectProblem(await t.api.patch(`${USERS}/${UNKNOWN_ID}`).set('If-Match', '"1"').send({ is_active: false }), 404, 'user_not_found');
      expectProblem(await t.api.patch(`${USERS}/${UNKNOWN_ID}`).send({ is_active: false }), 404, 'user_not_found');
    });
  });

  describe('when two clients PATCH at once with the same If-Match', () => {
    it('answers exactly one 200 and one 412, in each of 10 rounds, and stores the winner', async () => {
      for (let round = 0; round < 10; round += 1) {
        const { user, etag, url } = await aUser();
        const [first, second] = await Promise.all([
          t.api.patch(url).set('If-Match', etag).send({ full_name: 'Client One' }),
          t.api.patch(url).set('If-Match', etag).send({ full_name: 'Client Two' }),
        ]);
        expect([first.status, second.status].sort(), `round ${round}`).to.deep.equal([200, 412]);
        const [winner, loser] = first.status === 200 ? [first, second] : [second, first];
        expectProblem(loser, 412, 'precondition_failed');
        expect(await storedRow(user.id)).to.include({ full_name: winner.body.full_name, version: 2 });
      }
    });

    it('answers one 200 and nine 412 when ten clients race', async () => {
      const { etag, url } = await aUser();
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t.api
            .patch(url)
            .set('If-Match', etag)
            .send({ full_name: `Racer ${i}` }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).to.deep.equal([200, ...Array<number>(9).fill(412)]);
    });
  });

  describe('when twenty clients PATCH one user at once without If-Match', () => {
    it('applies them one after the other: every one 200, no change lost, the stored state that of the last', async () => {
      const { user, url } = await aUser();
      const changes = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? { full_name: `Name ${i}` } : { is_active: i % 4 === 1 }));
      const responses = await Promise.all(changes.map((change) => t.api.patch(url).send(change)));
      expect(responses.map((r) => r.status)).to.deep.equal(Array<number>(20).fill(200));
      // Every rename changes the name, so each one made a version of its own.
      const versions = responses.map((r) => Number(JSON.parse(r.headers['etag'] as string)));
      const renameVersions = versions.filter((_, i) => i % 2 === 0);
      expect(new Set(renameVersions).size).to.equal(10);
      const last = responses[versions.indexOf(Math.max(...versions))];
      const row = await storedRow(user.id);
      expect(row?.version).to.equal(Math.max(...versions));
      expect(row).to.include({ full_name: last?.body.full_name, is_active: last?.body.is_active });
    });
  });

  describe('when the body is not an acceptable change', () => {
    it('answers 422 for an empty object, naming the body', async () => {
      const { url } = await aUser();
      const response = await t.api.patch(url).send({});
      expectProblem(response, 422, 'validation_failed');
      expect(problemPaths(response)).to.deep.equal(['body']);
    });

    it('answers 422 for unknown fields, null and wrong types, naming each, and writes nothing', async () => {
      const { user, url } = await aUser();
      const before = await storedRow(user.id);
      const response = await t.api.patch(url).send({ email: 'new@example.com', full_name: null, is_active: 'false' });
      expectProblem(response, 422, 'validation_failed');
      expect(problemPaths(response).sort()).to.deep.equal(['email', 'full_name', 'is_active']);
      expect(await storedRow(user.id)).to.deep.equal(before);
    });

    it('answers 422 for a blank or over-long name', async () => {
      const { url } = await aUser();
      for (const fullName of ['   ', 'x'.repeat(201), 'Ada\u0000']) {
        const response = await t.api.patch(url).send({ full_name: fullName });
        expectProblem(response, 422, 'validation_failed');
        expect(problemPaths(response)).to.deep.equal(['full_name']);
      }
    });

    it('answers 422 for a malformed user id', async () => {
      const response = await t.api.patch(`${USERS}/not-a-uuid`).send({ is_active: false });
      expectProblem(response, 422, 'validation_failed');
      expect(problemPaths(response)).to.deep.equal(['user_id']);
    });

    it('answers 400 malformed_json, 415 unsupported_media_type and 413 payload_too_large', async () => {
      const { url } = await aUser();
      expectProblem(await t.api.patch(url).set('Content-Type', 'application/json').send('{"is_active": '), 400, 'malformed_json');
      expectProblem(await t.api.patch(url).set('Content-Type', 'text/plain').send('is_active=false'), 415, 'unsupported_media_type');
      expectProblem(await t.api.patch(url).send({ full_name: 'x'.repeat(200_000) }), 413, 'payload_too_large');
    });
  });

  describe('when the method is not allowed on a known path', () => {
    it('answers 405 method_not_allowed with Allow listing PATCH on a user and GET, POST on the collection', async () => {
      const { url } = await aUser();
      const onUser = await t.api.put(url).send({ full_name: 'X' });
      expectProblem(onUser, 405, 'method_not_allowed');
      expect(onUser.headers['allow']).to.equal('GET, PATCH, HEAD, OPTIONS');
      const onCollection = await t.api.delete(USERS);
      expectProblem(onCollection, 405, 'method_not_allowed');
      expect(onCollection.headers['allow']).to.equal('GET, POST, HEAD, OPTIONS');
    });
  });

  describe('GET with If-None-Match', () => {
    it('answers 304 without a body while the ETag is current, weak or not, and 200 after a change', async () => {
      const { etag, url } = await aUser();
      for (const ifNoneMatch of [etag, `W/${etag}`, `"999", ${etag}`, '*']) {
        const notModified = await t.api.get(url).set('If-None-Match', ifNoneMatch);
        expect(notModified.status, ifNoneMatch).to.equal(304);
        expect(notModified.text).to.equal('');
        expect(notModified.headers['etag']).to.equal(etag);
        expect(notModified.headers['x-request-id']).to.be.a('string');
      }
      await t.api.patch(url).send({ full_name: 'Someone New' }).expect(200);
      const changed = await t.api.get(url).set('If-None-Match', etag);
      expect(changed.status).to.equal(200);
      expect(changed.body.full_name).to.equal('Someone New');
    });

    it('answers 200 for an ETag that never matched', async () => {
      const { url } = await aUser();
      expect((await t.api.get(url).set('If-None-Match', '"424242"')).status).to.equal(200);
    });

    it('answers 304 also when the request says Cache-Control: no-cache, as RFC 9110 asks', async () => {
      const { etag, url } = await aUser();
      const notModified = await t.api.get(url).set('If-None-Match', etag).set('Cache-Control', 'no-cache');
      expect(notModified.status).to.equal(304);
      expect(notModified.headers['etag']).to.equal(etag);
    });
  });

  describe('when a client uses the fetch of Node, which sends Cache-Control: no-cache on conditional requests', () => {
    it('gets 304 for the ETag it read, and 200 with the body once the user changed', async () => {
      const { etag, url } = await aUser();
      const server = await t.listen();
      try {
        const authorization = `Bearer ${await t.token()}`;
        const notModified = await fetch(`${server.url}${url}`, { headers: { authorization, 'if-none-match': etag } });
        expect(notModified.status).to.equal(304);
        expect(await notModified.text()).to.equal('');
        await t.api.patch(url).send({ full_name: 'Fetched Again' }).expect(200);
        const changed = await fetch(`${server.url}${url}`, { headers: { authorization, 'if-none-match': etag } });
        expect(changed.status).to.equal(200);
        expect(((await changed.json()) as { full_name: string }).full_name).to.equal('Fetched Again');
      } finally {
        await server.close();
      }
    });
  });

  describe('POST /v1/accounts/users', () => {
    it('answers 201 with a Location that GET resolves and the ETag of the stored version', async () => {
      const { user, etag, url } = await aUser();
      expect(url).to.equal(`${USERS}/${user.id}`);
      const read = await t.api.get(url).expect(200);
      expect(read.headers['etag']).to.equal(etag);
    });
  });
});
