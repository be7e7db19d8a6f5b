import type { User } from '@proj/domain';

/** A user as use cases return it: plain, readonly data with no behaviour. */
export interface UserDto {
  readonly id: string;
  readonly email: string;
  readonly fullName: string;
  readonly isActive: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

export function toUserDto(user: User): UserDto {
  return Object.freeze(user.toSnapshot());
}
