import type { Insertable, Selectable, Updateable } from 'kysely';

import { User } from '@proj/domain';

import type { Users } from '../schema/database.gen.js';
import { emailSkeleton } from './email-skeleton.js';

/** The columns a User is built from; reads select exactly these, so a new column breaks nothing. */
export const USER_COLUMNS = ['id', 'email', 'full_name', 'is_active', 'created_at', 'updated_at', 'version'] as const;

export type UserRow = Pick<Selectable<Users>, (typeof USER_COLUMNS)[number]>;
export type NewUserRow = Insertable<Users>;
export type UserRowUpdate = Updateable<Users>;

export function toUser(row: UserRow): User {
  return User.fromSnapshot({
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    isActive: row.is_active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  });
}

export function toNewUserRow(user: User): NewUserRow {
  const s = user.toSnapshot();
  return {
    id: s.id,
    email: s.email,
    email_skeleton: emailSkeleton(user.email),
    full_name: s.fullName,
    is_active: s.isActive,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    version: s.version,
  };
}

/** The columns a change to a user may write: never `id`, `email` or `created_at`. */
export function toUserRowUpdate(user: User): UserRowUpdate {
  const s = user.toSnapshot();
  return { full_name: s.fullName, is_active: s.isActive, updated_at: s.updatedAt, version: s.version };
}
