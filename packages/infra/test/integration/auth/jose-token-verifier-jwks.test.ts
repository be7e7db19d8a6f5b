import { expect } from 'chai';
import { SignJWT } from 'jose';

import { DependencyUnavailableError, InvalidTokenError } from '@proj/application/errors';

import { JoseTokenVerifier, SystemClock } from '../../../src/index.js';
import { startTestJwksServer, type TestJwksServer } from '../../../src/testing/index.js';

const inAMinute = (): number => Math.floor(Date.now() / 1000) + 60;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  );
}

describe('JoseTokenVerifier with a remote JWKS', () => {
  let jwks: TestJwksServer;
  let verifier: JoseTokenVerifier;

  beforeEach(async () => {
    jwks = await startTestJwksServer();
    verifier = new JoseTokenVerifier({
      key: { kind: 'jwks', url: jwks.url, cooldownMs: 0, timeoutMs: 2_000 },
      audience: 'proj-api',
      clockSkewSeconds: 5,
      clock: new SystemClock(),
    });
  });

  afterEach(async () => {
    await jwks.close();
  });

  it('accepts an RS256 token signed by the key set and fetches the set once for many tokens', async () => {
    for (const sub of ['a', 'b', 'c']) {
      const principal = await verifier.verify(await jwks.sign({ sub, scope: 'accounts:read', aud: 'proj-api', exp: inAMinute() }));
      expect(principal).to.deep.equal({ subject: sub, scopes: ['accounts:read'] });
    }
    expect(jwks.fetches).to.equal(1);
  });

  it('follows a key rotation: a token with a new kid makes it fetch the set again', async () => {
    await verifier.verify(await jwks.sign({ sub: 'old', aud: 'proj-api', exp: inAMinute() }));
    await jwks.rotate();
    const principal = await verifier.verify(await jwks.sign({ sub: 'new', aud: 'proj-api', exp: inAMinute() }));
    expect(principal.subject).to.equal('new');
    expect(jwks.fetches).to.equal(2);
  });

  it('rejects an HS256 token whose HMAC key is the public key (algorithm confusion) without fetching keys', async () => {
    const forged = await new SignJWT({ sub: 'mallory', scope: 'accounts:write', aud: 'proj-api', exp: inAMinute() })
      .setProtectedHeader({ alg: 'HS256', kid: 'test-key-1' })
      .sign(new TextEncoder().encode(jwks.publicKeyPem));
    const error = await rejection(verifier.verify(forged));
    expect(error).to.be.instanceOf(InvalidTokenError).with.property('reason', 'algorithm_not_allowed');
    expect(jwks.fetches).to.equal(0);
  });

  it('rejects a token signed by a key the set does not hold', async () => {
    const other = await startTestJwksServer();
    try {
      const error = await rejection(verifier.verify(await other.sign({ sub: 'x', aud: 'proj-api', exp: inAMinute() })));
      expect(error).to.be.instanceOf(InvalidTokenError);
      expect(['unknown_key', 'bad_signature']).to.include((error as InvalidTokenError).reason);
    } finally {
      await other.close();
    }
  });

  it('rejects a token for another audience', async () => {
    const error = await rejection(verifier.verify(await jwks.sign({ sub: 'x', aud: 'billing-api', exp: inAMinute() })));
    expect(error).to.be.instanceOf(InvalidTokenError).with.property('reason', 'wrong_audience');
  });

  describe('when the key set cannot be fetched', () => {
    it('reports the JWKS as unavailable for an error status rather than blaming the token', async () => {
      jwks.failWith(502);
      const error = await rejection(verifier.verify(await jwks.sign({ sub: 'x', aud: 'proj-api', exp: inAMinute() })));
      expect(error).to.be.instanceOf(DependencyUnavailableError).with.property('dependency', 'jwks');
    });

    it('reports the JWKS as unavailable when nothing listens', async () => {
      const token = await jwks.sign({ sub: 'x', aud: 'proj-api', exp: inAMinute() });
      await jwks.close();
      const error = await rejection(verifier.verify(token));
      expect(error).to.be.instanceOf(DependencyUnavailableError);
      jwks = await startTestJwksServer();
    });
  });
});
