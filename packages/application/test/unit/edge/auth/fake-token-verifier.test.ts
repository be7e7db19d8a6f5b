import { expect } from 'chai';

import { ALL_SCOPES, Scopes } from '../../../../src/edge/index.js';
import { InvalidTokenError } from '../../../../src/errors/index.js';
import { FakeTokenVerifier } from '../../../../src/testing/index.js';

describe('FakeTokenVerifier', () => {
  const verifier = new FakeTokenVerifier({ reader: { subject: 'ada', scopes: [Scopes.accountsRead] } });

  it('returns the principal a known token stands for', async () => {
    expect(await verifier.verify('reader')).to.deep.equal({ subject: 'ada', scopes: ['accounts:read'] });
  });

  it('rejects any other token with InvalidTokenError, whose message does not repeat the token', async () => {
    const error = await verifier.verify('eyJ.secret.token').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(InvalidTokenError);
    expect((error as InvalidTokenError).code).to.equal('INVALID_TOKEN');
    expect((error as InvalidTokenError).reason).to.equal('unknown_token');
    expect((error as Error).message).not.to.contain('secret');
  });
});

describe('ALL_SCOPES', () => {
  it('lists every scope once and cannot be changed', () => {
    expect(ALL_SCOPES).to.have.members(['accounts:read', 'accounts:write', 'capture:read', 'capture:write']).and.have.length(4);
    expect(Object.isFrozen(ALL_SCOPES)).to.equal(true);
  });
});
