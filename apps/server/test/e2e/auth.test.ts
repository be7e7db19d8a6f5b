import { expect } from 'chai';
import { SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import request from 'supertest';

import { startTestJwksServer } from '@proj/infra/testing';

import { forSuite } from '../support/for-suite.js';
import { testAppForSuite } from '../support/test-app-for-suite.js';
import { startTestApp, type TestApp } from '../support/test-server.js';

const ISSUER = 'https://issuer.test';
const AUDIENCE = 'proj-e2e';
const now = (): number => Math.floor(Date.now() / 1000);
const NEW_USER = { email: 'intruder@example.com', full_name: 'Not Allowed' };

type Json = Record<string, unknown>;

function expectRejected(response: request.Response, status: 401 | 403): void {
  expect(response.status, JSON.stringify(response.body)).to.equal(status);
  expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
  expect(response.body).to.include({ status, code: status === 401 ? 'unauthorized' : 'forbidden' });
  expect(response.headers['www-authenticate']).to.match(/^Bearer realm="proj"/);
  expect(response.body).not.to.have.any.keys('id', 'email', 'items');
}

async function countUsers(t: TestApp): Promise<number> {
  const [row] = await t.database.query<{ n: number }>('select count(*)::int as n from users');
  return row?.n ?? -1;
}

describe('authentication and authorisation over HTTP', function () {
  this.timeout(30_000);

  describe('with a shared secret, an issuer and an audience configured', () => {
    const t = testAppForSuite({ PROJ_AUTH_ISSUER: ISSUER, PROJ_AUTH_AUDIENCE: AUDIENCE, PROJ_AUTH_CLOCK_SKEW_S: '10' });
    let existing: Json;
    let secret: Uint8Array;

    const sign = (claims: JWTPayload, options: { key?: Uint8Array; alg?: string } = {}): Promise<string> =>
      new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' }).sign(options.key ?? secret);
    const validClaims = (): JWTPayload => ({
      sub: 'ada',
      scope: 'accounts:read accounts:write',
      iss: ISSUER,
      aud: AUDIENCE,
      iat: now(),
      exp: now() + 300,
    });

    before(async () => {
      const key = t.settings.auth.key;
      if (key.kind !== 'secret') throw new Error('expected the secret key source');
      secret = new TextEncoder().encode(key.secret);
      existing = (await t.api.post('/v1/accounts/users').send({ email: 'owner@example.com', full_name: 'Owner' }).expect(201)).body as Json;
    });

    it('accepts a valid token: the control case for everything below', async () => {
      const token = await sign(validClaims());
      await request(t.app)
        .get(`/v1/accounts/users/${existing['id'] as string}`)
        .auth(token, { type: 'bearer' })
        .expect(200);
    });

    const badCredentials: Array<[string, () => Promise<string | undefined>, string?]> = [
      ['no token', () => Promise.resolve(undefined)],
      ['a malformed token', () => Promise.resolve('this-is.not-a.jwt')],
      ['a token that is not even base64url', () => Promise.resolve('%%%.###.$$$'), 'raw'],
      ['another authentication scheme', () => Promise.resolve('Basic YWRhOmh1bnRlcjI='), 'raw'],
      ['a bad signature', async () => sign(validClaims(), { key: new TextEncoder().encode('x'.repeat(48)) })],
      ['an expired token', () => sign({ ...validClaims(), iat: now() - 600, exp: now() - 60 })],
      ['a token not yet valid', () => sign({ ...validClaims(), nbf: now() + 120 })],
      ['a token without exp', async () => sign({ ...validClaims(), exp: undefined })],
      ['the wrong issuer', () => sign({ ...validClaims(), iss: 'https://evil.test' })],
      ['the wrong audience', () => sign({ ...validClaims(), aud: 'another-api' })],
      ['alg none', () => Promise.resolve(new UnsecuredJWT(validClaims()).encode())],
      [
        'alg none with a signature appended',
        async () => `${new UnsecuredJWT(validClaims()).encode()}${(await sign(validClaims())).split('.')[2] ?? ''}`,
      ],
      ['HS512 with the right secret (not on the allow-list)', () => sign(validClaims(), { alg: 'HS512' })],
    ];

    for (const [what, makeCredential, raw] of badCredentials) {
      describe(`given ${what}`, () => {
        it('answers 401 unauthorized to a write and stores nothing', async () => {
          const credential = await makeCredential();
          const before = await countUsers(t);
          let post = request(t.app).post('/v1/accounts/users');
          if (credential !== undefined) post = raw ? post.set('Authorization', credential) : post.auth(credential, { type: 'bearer' });
          expectRejected(await post.send(NEW_USER), 401);
          expect(await countUsers(t)).to.equal(before);
        });

        it('answers 401 unauthorized to a read and reveals nothing', async () => {
          const credential = await makeCredential();
          let get = request(t.app).get(`/v1/accounts/users/${existing['id'] as string}`);
          if (credential !== undefined) get = raw ? get.set('Authorization', credential) : get.auth(credential, { type: 'bearer' });
          const response = await get;
          expectRejected(response, 401);
          expect(response.text).not.to.contain('owner');
        });
      });
    }

    it('gives every failure the same body apart from its request id, so it reveals no reason', async () => {
      const bodies = await Promise.all(
        badCredentials.map(async ([, makeCredential, raw]) => {
          const credential = await makeCredential();
          let get = request(t.app).get('/v1/accounts/users/00000000-0000-4000-8000-000000000000');
          if (credential !== undefined) get = raw ? get.set('Authorization', credential) : get.auth(credential, { type: 'bearer' });
          const { request_id: _id, ...rest } = (await get).body as Json;
          return JSON.stringify(rest);
        }),
      );
      expect(new Set(bodies).size).to.equal(1);
    });

    describe('given a valid token without the scope of the route', () => {
      it('answers 403 forbidden to a token with no scope, for reads and writes', async () => {
        const token = await sign({ ...validClaims(), scope: '' });
        const before = await countUsers(t);
        expectRejected(await request(t.app).post('/v1/accounts/users').auth(token, { type: 'bearer' }).send(NEW_USER), 403);
        expectRejected(
          await request(t.app)
            .get(`/v1/accounts/users/${existing['id'] as string}`)
            .auth(token, { type: 'bearer' }),
          403,
        );
        expect(await countUsers(t)).to.equal(before);
      });

      it('answers 403 forbidden with insufficient_scope when a read-only token attempts a write, and stores nothing', async () => {
        const reader = await t.as({ scopes: ['accounts:read'] });
        const before = await countUsers(t);
        const response = await reader.post('/v1/accounts/users').send(NEW_USER);
        expectRejected(response, 403);
        expect(response.headers['www-authenticate']).to.equal('Bearer realm="proj", error="insufficient_scope", scope="accounts:write"');
        expect(await countUsers(t)).to.equal(before);
        await reader.get(`/v1/accounts/users/${existing['id'] as string}`).expect(200);
      });

      it('answers 403 to a write-only token reading', async () => {
        const writer = await t.as({ scopes: ['accounts:write'] });
        expectRejected(await writer.get(`/v1/accounts/users/${existing['id'] as string}`), 403);
      });
    });
  });

  describe('with a remote JWKS (RS256)', () => {
    const jwks = forSuite(
      () => startTestJwksServer(),
      (jwks) => jwks.close(),
    );
    const t = testAppForSuite(() => ({ PROJ_AUTH_JWKS_URL: jwks.url, PROJ_AUTH_AUDIENCE: AUDIENCE }));

    it('accepts a token signed by the identity provider', async () => {
      const token = await jwks.sign({ sub: 'svc', scope: 'accounts:write', aud: AUDIENCE, exp: now() + 60 });
      await request(t.app)
        .post('/v1/accounts/users')
        .auth(token, { type: 'bearer' })
        .send({ email: 'via-jwks@example.com', full_name: 'Via JWKS' })
        .expect(201);
    });

    it('answers 401 to an HS256 token signed with the public key of the JWKS, and stores nothing', async () => {
      const claims = { sub: 'mallory', scope: 'accounts:read accounts:write', aud: AUDIENCE, exp: now() + 60 };
      const before = await countUsers(t);
      for (const hmacKey of [jwks.publicKeyPem, jwks.publicKeyPem.trim()]) {
        const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(hmacKey));
        expectRejected(await request(t.app).post('/v1/accounts/users').auth(forged, { type: 'bearer' }).send(NEW_USER), 401);
      }
      expect(await countUsers(t)).to.equal(before);
    });

    it('answers 401 to alg none and to a token for another audience', async () => {
      const none = new UnsecuredJWT({ sub: 'mallory', scope: 'accounts:write', aud: AUDIENCE, exp: now() + 60 }).encode();
      expectRejected(await request(t.app).post('/v1/accounts/users').auth(none, { type: 'bearer' }).send(NEW_USER), 401);
      const elsewhere = await jwks.sign({ sub: 'svc', scope: 'accounts:write', aud: 'billing', exp: now() + 60 });
      expectRejected(await request(t.app).post('/v1/accounts/users').auth(elsewhere, { type: 'bearer' }).send(NEW_USER), 401);
    });

    it('answers 503 dependency_unavailable with Retry-After, not 401, while the key set cannot be fetched', async () => {
      const down = await startTestJwksServer();
      down.failWith(500);
      const app = await startTestApp({ PROJ_AUTH_JWKS_URL: down.url, PROJ_AUTH_AUDIENCE: AUDIENCE });
      try {
        const token = await down.sign({ sub: 'svc', scope: 'accounts:read', aud: AUDIENCE, exp: now() + 60 });
        const response = await request(app.app)
          .get('/v1/accounts/users/00000000-0000-4000-8000-000000000000')
          .auth(token, { type: 'bearer' });
        expect(response.status).to.equal(503);
        expect(response.body.code).to.equal('dependency_unavailable');
        expect(response.headers['retry-after']).to.match(/^\d+$/);
        expect(down.fetches).to.equal(1);
      } finally {
        await app.close();
        await down.close();
      }
    });
  });
});
