import type { User, UserId } from '@proj/domain';

/** A place in the creation order of users: the last user of a page. */
export interface UserPagePosition {
  readonly createdAt: Date;
  readonly id: UserId;
}

/** Which users {@link UserRepository.listInCreationOrder} returns. */
export interface UserListCriteria {
  /** Only users strictly after this position; from the first user when absent. */
  readonly after?: UserPagePosition;
  /** At most this many users (a positive integer). */
  readonly limit: number;
  /** Only active (true) or inactive (false) users; all when absent. */
  readonly isActive?: boolean;
}

/** Storage of users. Writes are shaped as the commands that cause them. */
export interface UserRepository {
  /** @returns the user, or `undefined` when no user has this id. */
  findById(id: UserId): Promise<User | undefined>;

  /**
   * Reads a user in order to change it: like {@link findById}, and inside a unit of work other
   * writers of this user wait until the unit of work ends, so a read-change-write of one user
   * never interleaves with another and no change is lost. (Outside a unit of work it holds nothing.)
   * @returns the user, or `undefined` when no user has this id.
   */
  findByIdForUpdate(id: UserId): Promise<User | undefined>;

  /**
   * Users in creation order: by `createdAt`, ties broken by `id` (compared as lower-case text,
   * which is also PostgreSQL's uuid order). A user created after a page was read appears on a
   * later page or not at all, never twice. An empty array when nothing matches.
   */
  listInCreationOrder(criteria: UserListCriteria): Promise<User[]>;

  /**
   * Stores a newly registered user.
   * @throws UserAlreadyExistsError when another user has the same e-mail, compared
   *   case-insensitively; the store, not a prior read, is the arbiter under concurrency.
   */
  register(user: User): Promise<void>;

  /**
   * Stores the changed name, active flag, update time and version of `user`, but only if the
   * stored user is still at `expectedVersion` (the version it was read at): a compare-and-set, so
   * of two writers that read the same version exactly one succeeds, even if they did not use
   * {@link findByIdForUpdate}. The e-mail and creation time are never written.
   * @throws UserVersionMismatchError when no user with this id is at `expectedVersion` any more;
   *   nothing is written.
   */
  update(user: User, condition: { readonly expectedVersion: number }): Promise<void>;
}
