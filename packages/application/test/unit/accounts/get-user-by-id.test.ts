import { expect } from 'chai';

import { InvalidUserIdError, UserNotFoundError } from '../../../src/errors/index.js';
import { GetUserById } from '../../../src/index.js';
import { aUser, inMemoryUserCache, InMemoryUserRepository } from '../../../src/testing/index.js';

describe('GetUserById', () => {
  let users: InMemoryUserRepository;
  let getUserById: GetUserById;

  beforeEach(() => {
    users = new InMemoryUserRepository();
    getUserById = new GetUserById({ users, cache: inMemoryUserCache() });
  });

  it('returns the stored user as a DTO, whatever the letter case of the id', async () => {
    const user = aUser({ fullName: 'Ada' });
    await users.register(user);
    const found = await getUserById.execute({ userId: user.id.value.toUpperCase() });
    expect(found).to.deep.equal(user.toSnapshot());
  });

  it('rejects an unknown id with UserNotFoundError', async () => {
    await expect(getUserById.execute({ userId: '30000000-0000-4000-8000-000000000000' })).to.be.rejectedWith(UserNotFoundError);
  });

  it('rejects a malformed id with InvalidUserIdError before touching storage', async () => {
    await expect(getUserById.execute({ userId: 'not-a-uuid' })).to.be.rejectedWith(InvalidUserIdError);
  });
});
