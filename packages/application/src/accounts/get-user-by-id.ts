import { UserId, UserNotFoundError } from '@proj/domain';

import type { UserCache } from './user-cache.js';
import { toUserDto, type UserDto } from './user-dto.js';
import type { UserRepository } from './user-repository.js';

export interface GetUserByIdQuery {
  readonly userId: string;
}

/** Reads one user through the user cache. Read-only: opens no transaction. */
export class GetUserById {
  constructor(private readonly deps: { readonly users: UserRepository; readonly cache: UserCache }) {}

  /**
   * A cache hit answers with the cached user as it is; a miss reads the store and fills the cache.
   * @throws InvalidUserIdError when the id is not a UUID.
   * @throws UserNotFoundError when no user has this id.
   */
  async execute(query: GetUserByIdQuery): Promise<UserDto> {
    const id = UserId.of(query.userId);
    const user = await this.deps.cache.read(id, async () => {
      const stored = await this.deps.users.findById(id);
      return stored === undefined ? undefined : toUserDto(stored);
    });
    if (!user) throw new UserNotFoundError(id.value);
    return user;
  }
}
