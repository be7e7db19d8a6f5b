import { expect } from 'chai';

import { aUser, InMemoryUnitOfWork } from '../../src/testing/index.js';

describe('InMemoryUnitOfWork', () => {
  it('commits every write when the work resolves', async () => {
    const uow = new InMemoryUnitOfWork();
    await uow.run(async ({ users }) => {
      await users.register(aUser());
      await users.register(aUser());
    });
    expect(uow.users.saved).to.have.length(2);
    expect(uow.commits).to.equal(1);
  });

  it('discards every write when the work rejects between two writes', async () => {
    const uow = new InMemoryUnitOfWork();
    const failure = uow.run(async ({ users }) => {
      await users.register(aUser());
      throw new Error('injected failure');
    });
    await expect(failure).to.be.rejectedWith('injected failure');
    expect(uow.users.saved).to.be.empty;
    expect(uow.commits).to.equal(0);
  });
});
