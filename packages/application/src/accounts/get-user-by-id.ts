import { UserId, UserNotFoundError } from '@proj/domain';

import { toUserDto, type UserDto } from './user-dto.js';
import type { UserRepository } from './user-repository.js';

export interface GetUserByIdQuery {
  readonly userId: string;
}

/** Reads one user. Read-only: opens no transaction. */
export class GetUserById {
  constructor(private readonly deps: { readonly users: UserRepository }) {}

  /**
   * @throws InvalidUserIdError when the id is not a UUID.
   * @throws UserNotFoundError when no user has this id.
   */
  async execute(query: GetUserByIdQuery): Promise<UserDto> {
    const id = UserId.of(query.userId);
    const user = await this.deps.users.findById(id);
    if (!user) throw new UserNotFoundError(id.value);
    return toUserDto(user);
  }
}
