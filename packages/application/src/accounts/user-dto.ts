import type { User, UserSnapshot } from '@proj/domain';

/**
 * A user as use cases return it (and the user cache stores it): plain, readonly data with no
 * behaviour. Field for field the user's snapshot, so it is declared as that.
 */
export type UserDto = UserSnapshot;

export function toUserDto(user: User): UserDto {
  return Object.freeze(user.toSnapshot());
}
