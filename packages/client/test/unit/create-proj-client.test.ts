import { expect } from 'chai';

import { createProjClient, dataOf, etagOf, idempotencyKey, ifMatch, ProblemError } from '../../src/index.js';

const USER = {
  id: '0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b',
  email: 'ada@example.com',
  full_name: 'Ada Lovelace',
  is_active: true,
  created_at: '2026-01-01T12:00:00.000Z',
  updated_at: '2026-01-01T12:00:00.000Z',
};

/** A fetch that records each request and answers with the next of `answers`. */
function fakeFetch(...answers: Response[]): { fetch: (request: Request) => Promise<Response>; requests: Request[] } {
  const requests: Request[] = [];
  return {
    requests,
    fetch: (request) => {
      requests.push(request);
      const answer = answers.shift();
      return answer === undefined ? Promise.reject(new Error('no answer left')) : Promise.resolve(answer);
    },
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe('createProjClient', () => {
  describe('when a call succeeds', () => {
    it('sends the bearer token and the typed parameters, and gives the typed data and the ETag', async () => {
      const fake = fakeFetch(json(200, USER, { ETag: '"3"' }));
      const api = createProjClient({ baseUrl: 'http://api.test', token: () => Promise.resolve('t0k3n'), fetch: fake.fetch });
      const { data, response } = await api.GET('/v2/accounts/users/{user_id}', { params: { path: { user_id: USER.id } } });
      expect(data?.full_name).to.equal('Ada Lovelace');
      expect(etagOf(response)).to.equal('"3"');
      expect(fake.requests[0]?.url).to.equal(`http://api.test/v2/accounts/users/${USER.id}`);
      expect(fake.requests[0]?.headers.get('Authorization')).to.equal('Bearer t0k3n');
    });

    it('sends Idempotency-Key and If-Match through the helpers', async () => {
      const fake = fakeFetch(json(201, USER), json(200, USER));
      const api = createProjClient({ baseUrl: 'http://api.test', token: 'static', fetch: fake.fetch });
      const created = await dataOf(
        api.POST('/v2/accounts/users', {
          params: { header: idempotencyKey('key-1') },
          body: { email: USER.email, full_name: USER.full_name },
        }),
      );
      expect(created.id).to.equal(USER.id);
      await api.PATCH('/v2/accounts/users/{user_id}', {
        params: { path: { user_id: USER.id }, header: ifMatch('"1"') },
        body: { is_active: false },
      });
      expect(fake.requests[0]?.headers.get('Idempotency-Key')).to.equal('key-1');
      expect(fake.requests[0]?.headers.get('Authorization')).to.equal('Bearer static');
      expect(fake.requests[1]?.headers.get('If-Match')).to.equal('"1"');
      expect(idempotencyKey()['Idempotency-Key']).to.match(/^[0-9a-f-]{36}$/);
    });
  });

  describe('when the API answers with a problem', () => {
    it('rejects with a ProblemError carrying code, status, errors and request_id', async () => {
      const problem = {
        type: 'https://proj.dev/problems/validation_failed',
        title: 'Validation failed',
        status: 422,
        detail: 'The request has invalid fields; see errors.',
        instance: '/v1/accounts/users',
        code: 'validation_failed',
        request_id: 'req-1',
        errors: [{ path: 'email', message: 'must be an e-mail address' }],
      };
      const fake = fakeFetch(
        new Response(JSON.stringify(problem), { status: 422, headers: { 'Content-Type': 'application/problem+json' } }),
      );
      const api = createProjClient({ baseUrl: 'http://api.test', fetch: fake.fetch });
      const error: unknown = await api.POST('/v1/accounts/users', { body: { email: 'nope', full_name: 'A' } }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ProblemError);
      expect(error).to.include({ code: 'validation_failed', status: 422, request_id: 'req-1' });
      expect((error as ProblemError).errors).to.deep.equal(problem.errors);
      expect((error as ProblemError).message).to.equal('validation_failed: The request has invalid fields; see errors.');
    });

    it('rejects with unexpected_response for an error answer that is not a problem', async () => {
      const fake = fakeFetch(
        new Response('bad gateway', { status: 502, headers: { 'Content-Type': 'text/plain', 'X-Request-Id': 'req-2' } }),
      );
      const api = createProjClient({ baseUrl: 'http://api.test', fetch: fake.fetch });
      const error: unknown = await api.GET('/v1/accounts/users').catch((e: unknown) => e);
      expect(error).to.include({ code: 'unexpected_response', status: 502, request_id: 'req-2' });
      expect((error as ProblemError).errors).to.deep.equal([]);
    });
  });

  describe('when a success has no body', () => {
    it('dataOf rejects, and etagOf of a response without ETag throws', async () => {
      const fake = fakeFetch(new Response(null, { status: 304 }));
      const api = createProjClient({ baseUrl: 'http://api.test', fetch: fake.fetch, headers: { 'X-Client': 'unit' } });
      await dataOf(api.GET('/v1/accounts/users/{user_id}', { params: { path: { user_id: USER.id } } })).then(
        () => expect.fail('expected a rejection'),
        (error: unknown) => expect(String(error)).to.match(/HTTP 304 has no body/),
      );
      expect(fake.requests[0]?.headers.get('X-Client')).to.equal('unit');
      expect(() => etagOf(new Response(null))).to.throw(/has no ETag/);
    });
  });
});
