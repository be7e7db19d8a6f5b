import { expect } from 'chai';
import { SignJWT, UnsecuredJWT } from 'jose';

import { InvalidTokenError } from '@proj/application/errors';
import { FixedClock } from '@proj/application/testing';

import { JoseTokenVerifier, mintToken } from '../../../src/index.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NOW = new Date('2026-06-01T12:00:00.000Z');
const NOW_S = NOW.getTime() / 1000;

function sign(claims: Record<string, unknown>, secret = SECRET, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));
}

/**
 * The same token spelt differently: the last character of the signature with its unused low bits
 * set, which decodes to the same bytes.
 */
function respell(token: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(token.slice(-1));
  const spareBits = [0, 0, 0b1111, 0b11][(token.length - token.lastIndexOf('.') - 1) % 4] ?? 0;
  return `${token.slice(0, -1)}${alphabet[last | (spareBits === 0 ? 0 : 1)] ?? ''}`;
}

async function reasonFor(verifier: JoseTokenVerifier, token: string): Promise<string> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the token must be rejected').to.be.instanceOf(InvalidTokenError);
  if (token.length > 0) expect((error as Error).message).not.to.contain(token);
  return (error as InvalidTokenError).reason;
}

describe('JoseTokenVerifier remembering verified tokens', () => {
  const claims = { sub: 'ada', scope: 'accounts:read', exp: NOW_S + 120 };

  describe('when a verified token comes again', () => {
    it('answers with the same principal', async () => {
      const verifier = new JoseTokenVerifier({ key: { kind: 'secret', secret: SECRET }, clockSkewSeconds: 0, clock: new FixedClock(NOW) });
      const token = await sign(claims);
      const first = await verifier.verify(token);
      expect(await verifier.verify(token))
        .to.deep.equal(first)
        .and.to.deep.equal({ subject: 'ada', scopes: ['accounts:read'] });
    });

    it('still refuses it once it has expired, with the reason jose gives', async () => {
      const clock = new FixedClock(NOW);
      const verifier = new JoseTokenVerifier({ key: { kind: 'secret', secret: SECRET }, clockSkewSeconds: 10, clock });
      const token = await sign(claims);
      await verifier.verify(token);
      clock.advance(129_000);
      expect(await verifier.verify(token)).to.have.property('subject', 'ada');
      clock.advance(1_000);
      expect(await reasonFor(verifier, token)).to.equal('expired');
    });

    it('checks nbf at every use too', async () => {
      const clock = new FixedClock(NOW);
      const verifier = new JoseTokenVerifier({ key: { kind: 'secret', secret: SECRET }, clockSkewSeconds: 30, clock });
      const token = await sign({ ...claims, nbf: NOW_S + 20 });
      expect(await verifier.verify(token)).to.have.property('subject', 'ada');
      clock.advance(-60_000);
      expect(await reasonFor(verifier, token)).to.equal('not_yet_valid');
    });

    it('does not let a token that differs from a verified one by a character through', async () => {
      const verifier = new JoseTokenVerifier({ key: { kind: 'secret', secret: SECRET }, clockSkewSeconds: 0, clock: new FixedClock(NOW) });
      const token = await sign(claims);
      await verifier.verify(token);
      // The first character of the signature carries six whole bits of it.
      const at = token.lastIndexOf('.') + 1;
      const changed = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
      expect(await reasonFor(verifier, changed)).to.equal('bad_signature');
    });
  });
});

describe('JoseTokenVerifier with a shared secret', () => {
  const clock = new FixedClock(NOW);
  const verifier = new JoseTokenVerifier({ key: { kind: 'secret', secret: SECRET }, clockSkewSeconds: 30, clock });
  const strict = new JoseTokenVerifier({
    key: { kind: 'secret', secret: SECRET },
    issuer: 'https://issuer.test',
    audience: 'proj-api',
    clockSkewSeconds: 0,
    clock,
  });
  const valid = { sub: 'ada', scope: 'accounts:read accounts:write', exp: NOW_S + 60 };

  describe('when the token is valid', () => {
    it('returns its subject and scopes from a space-separated scope claim', async () => {
      expect(await verifier.verify(await sign(valid))).to.deep.equal({ subject: 'ada', scopes: ['accounts:read', 'accounts:write'] });
    });

    it('reads scopes from an scp array too, and no scope claim means no scopes', async () => {
      expect((await verifier.verify(await sign({ sub: 'svc', scp: ['accounts:read'], exp: NOW_S + 60 }))).scopes).to.deep.equal([
        'accounts:read',
      ]);
      expect((await verifier.verify(await sign({ sub: 'svc', exp: NOW_S + 60 }))).scopes).to.deep.equal([]);
    });

    it('accepts a token minted by mintToken with the configured issuer and audience', async () => {
      const token = await mintToken({
        secret: SECRET,
        subject: 'cli',
        scopes: ['accounts:read'],
        ttlSeconds: 60,
        issuer: 'https://issuer.test',
        audience: 'proj-api',
        now: NOW,
      });
      expect(await strict.verify(token)).to.deep.equal({ subject: 'cli', scopes: ['accounts:read'] });
    });

    it('tolerates clock skew up to the configured seconds on exp and nbf', async () => {
      expect(await verifier.verify(await sign({ ...valid, exp: NOW_S - 20 }))).to.have.property('subject', 'ada');
      expect(await verifier.verify(await sign({ ...valid, nbf: NOW_S + 20 }))).to.have.property('subject', 'ada');
    });
  });

  describe('when the token is not acceptable', () => {
    const cases: Array<[string, () => Promise<string>, string, JoseTokenVerifier?]> = [
      ['expired beyond the skew', () => sign({ ...valid, exp: NOW_S - 31 }), 'expired'],
      ['not yet valid beyond the skew', () => sign({ ...valid, nbf: NOW_S + 31 }), 'not_yet_valid'],
      ['signed with another secret', () => sign(valid, 'another-secret-that-is-also-long-enough-xx'), 'bad_signature'],
      ['from another issuer', () => sign({ ...valid, iss: 'https://evil.test', aud: 'proj-api' }), 'wrong_issuer', strict],
      ['for another audience', () => sign({ ...valid, iss: 'https://issuer.test', aud: 'other-api' }), 'wrong_audience', strict],
      ['missing the issuer when one is required', () => sign({ ...valid, aud: 'proj-api' }), 'wrong_issuer', strict],
      ['without exp', () => sign({ sub: 'ada' }), 'claim_exp_missing'],
      ['without sub', () => sign({ exp: NOW_S + 60 }), 'claim_sub_missing'],
      ['with an empty sub', () => sign({ sub: ' ', exp: NOW_S + 60 }), 'missing_subject'],
      ['with scopes that are not strings', () => sign({ ...valid, scope: [1, 2] }), 'malformed_scope'],
      ['unsigned (alg none, an empty signature)', () => Promise.resolve(new UnsecuredJWT(valid).encode()), 'malformed'],
      ['with padding', async () => `${await sign(valid)}=`, 'malformed'],
      ['with spare bits set in its last character', async () => respell(await sign(valid)), 'malformed'],
      ['issued in the future beyond the skew', () => sign({ ...valid, iat: NOW_S + 31 }), 'issued_in_the_future'],
      ['valid for more than 30 days', () => sign({ ...valid, iat: NOW_S, exp: NOW_S + 31 * 86_400 }), 'lifetime_too_long'],
      ['valid for more than 30 days from now, without iat', () => sign({ sub: 'ada', exp: NOW_S + 31 * 86_400 }), 'lifetime_too_long'],
      ['with a NUL byte in its subject', () => sign({ ...valid, sub: 'ada\u0000' }), 'malformed_subject'],
      ['with a subject over 255 characters', () => sign({ ...valid, sub: 'a'.repeat(256) }), 'malformed_subject'],
      ['signed with HS512', () => sign(valid, SECRET, 'HS512'), 'algorithm_not_allowed'],
      ['not a JWT at all', () => Promise.resolve('not-a-jwt'), 'malformed'],
      ['three segments of garbage', () => Promise.resolve('eyJ!!.x.y'), 'malformed'],
      ['absurdly long', () => Promise.resolve('a'.repeat(10_000)), 'malformed'],
      ['empty', () => Promise.resolve(''), 'malformed'],
    ];
    for (const [what, make, reason, using] of cases) {
      it(`rejects a token ${what} with reason ${reason}`, async () => {
        expect(await reasonFor(using ?? verifier, await make())).to.equal(reason);
      });
    }
  });
});
