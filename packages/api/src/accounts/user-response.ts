import type { UserDto, UserPage } from '@proj/application';

import { contentRevision } from '../http/support/entity-tag.js';
import type { UserPageResponse, UserResponse } from './accounts-schemas.js';

/**
 * The wire shape of a user: snake_case, ISO 8601 UTC timestamps, and only whitelisted fields
 * (`version` travels in the ETag, not in the body).
 */
export function toUserResponse(user: UserDto): UserResponse {
  return {
    id: user.id,
    email: user.email,
    full_name: user.fullName,
    is_active: user.isActive,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
}

/** The wire shape of a page of users. */
export function toUserPageResponse(page: UserPage): UserPageResponse {
  return { items: page.items.map(toUserResponse), next_cursor: page.nextCursor };
}

/** The revision of a page of users, its ETag: its users' ids and versions, and its cursor, determine its body. */
export function userPageRevision(page: UserPage): string {
  return contentRevision([...page.items.flatMap((user) => [user.id, user.version]), page.nextCursor]);
}
