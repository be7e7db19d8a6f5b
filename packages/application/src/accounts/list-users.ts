import { InputValidationError } from '../errors/input-validation-error.js';
import type { CursorSigner } from '../ports/cursor-signer.js';
import { validateAll } from '../validation/validate-all.js';
import { toUserDto, type UserDto } from './user-dto.js';
import { decodeUserPageCursor, encodeUserPageCursor } from './user-page-cursor.js';
import type { UserPagePosition, UserRepository } from './user-repository.js';

/** Page size when the caller does not ask for one. */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest page size a caller may ask for. */
export const MAX_PAGE_SIZE = 100;

export interface ListUsersQuery {
  /** 1 to {@link MAX_PAGE_SIZE}; {@link DEFAULT_PAGE_SIZE} when absent. */
  readonly limit?: number;
  /** The `nextCursor` of the previous page; the first page when absent. */
  readonly cursor?: string;
  /** Only active (true) or inactive (false) users; all when absent. */
  readonly isActive?: boolean;
}

export interface UserPage {
  readonly items: readonly UserDto[];
  /** Opaque cursor of the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

/**
 * Lists users in creation order, one page at a time, by keyset (never by offset): walking every
 * page while others register users returns each user that existed when the walk began exactly
 * once. Read-only: opens no transaction.
 */
export class ListUsers {
  constructor(private readonly deps: { readonly users: UserRepository; readonly cursors: CursorSigner }) {}

  /** @throws InputValidationError for a limit out of range or a cursor this API did not issue. */
  async execute(query: ListUsersQuery): Promise<UserPage> {
    const [limit, after] = validateAll(
      () => pageSize(query.limit),
      (): UserPagePosition | undefined => (query.cursor === undefined ? undefined : decodeUserPageCursor(query.cursor, this.deps.cursors)),
    );
    // One more than asked for tells whether a next page exists without a second query.
    const users = await this.deps.users.listInCreationOrder({
      limit: limit + 1,
      ...(after === undefined ? {} : { after }),
      ...(query.isActive === undefined ? {} : { isActive: query.isActive }),
    });
    const items = users.slice(0, limit);
    const last = items.at(-1);
    const nextCursor =
      users.length > limit && last !== undefined
        ? encodeUserPageCursor({ createdAt: last.createdAt, id: last.id }, this.deps.cursors)
        : null;
    return Object.freeze({ items: Object.freeze(items.map(toUserDto)), nextCursor });
  }
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InputValidationError([{ path: 'limit', message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` }]);
  }
  return limit;
}
