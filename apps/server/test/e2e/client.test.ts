import { expect } from 'chai';

import { createProjClient, dataOf, etagOf, idempotencyKey, ifMatch, ProblemError, type ProjClient } from '@proj/client';

import { servedTestAppForSuite } from '../support/test-app-for-suite.js';

/** The rejection of `call`, which must be a ProblemError. */
async function problemOf(call: Promise<unknown>): Promise<ProblemError> {
  const error: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProblemError)) throw new Error(`expected a ProblemError, got ${String(error)}`);
  return error;
}

describe('the server driven through @proj/client', function () {
  this.timeout(60_000);

  const t = servedTestAppForSuite();
  let api: ProjClient;

  before(async () => {
    const token = await t.token({ subject: 'client-e2e' });
    api = createProjClient({ baseUrl: t.url, token });
  });

  describe('when a user is registered, read, listed and updated through v2', () => {
    it('types and returns every answer, and replays a registration retried with the same Idempotency-Key', async () => {
      const key = idempotencyKey();
      const body = { email: 'client-1@example.com', full_name: 'Ada Lovelace' };
      const first = await api.POST('/v2/accounts/users', { params: { header: key }, body });
      const retried = await api.POST('/v2/accounts/users', { params: { header: key }, body });
      expect(first.response.status).to.equal(201);
      expect(retried.response.headers.get('Idempotent-Replayed')).to.equal('true');
      expect(retried.data?.id).to.equal(first.data?.id);

      const id = (first.data as { id: string }).id;
      const read = await api.GET('/v2/accounts/users/{user_id}', { params: { path: { user_id: id } } });
      expect(read.data).to.include({ email: 'client-1@example.com', full_name: 'Ada Lovelace', is_active: true });

      const updated = await dataOf(
        api.PATCH('/v2/accounts/users/{user_id}', {
          params: { path: { user_id: id }, header: ifMatch(etagOf(read.response)) },
          body: { full_name: 'Ada King' },
        }),
      );
      expect(updated.full_name).to.equal('Ada King');

      const page = await dataOf(api.GET('/v1/accounts/users', { params: { query: { limit: 100 } } }));
      expect(page.items.map((user) => user.id)).to.include(id);
    });
  });

  describe('when the server answers with a problem', () => {
    it('rejects with a ProblemError: 428 without If-Match on v2, 412 with a stale one, 422 with the invalid fields, 404', async () => {
      const user = await dataOf(api.POST('/v1/accounts/users', { body: { email: 'client-2@example.com', full_name: 'Grace Hopper' } }));
      const path = { user_id: user.id };

      // The v2 schema makes If-Match required; a caller that forgets it anyway (untyped code) gets 428.
      const untyped = api as unknown as { PATCH(path: string, init: unknown): Promise<unknown> };
      const missing = await problemOf(untyped.PATCH('/v2/accounts/users/{user_id}', { params: { path }, body: { is_active: false } }));
      expect(missing).to.include({ code: 'precondition_required', status: 428 });
      expect(missing.request_id).to.be.a('string');

      const stale = await problemOf(
        api.PATCH('/v2/accounts/users/{user_id}', { params: { path, header: ifMatch('"999"') }, body: { is_active: false } }),
      );
      expect(stale).to.include({ code: 'precondition_failed', status: 412 });

      const invalid = await problemOf(api.POST('/v2/accounts/users', { body: { email: 'not an address', full_name: ' ' } }));
      expect(invalid).to.include({ code: 'validation_failed', status: 422 });
      expect(invalid.errors.map((error) => error.path)).to.have.members(['email', 'full_name']);

      const absent = await problemOf(
        api.GET('/v1/accounts/users/{user_id}', { params: { path: { user_id: '00000000-0000-4000-8000-0000000000aa' } } }),
      );
      expect(absent).to.include({ code: 'user_not_found', status: 404 });
    });

    it('rejects with unauthorized without a token', async () => {
      const anonymous = createProjClient({ baseUrl: t.url });
      const refused = await problemOf(anonymous.GET('/v1/accounts/users'));
      expect(refused).to.include({ code: 'unauthorized', status: 401 });
    });
  });
});
