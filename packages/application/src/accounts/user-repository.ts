import type { User, UserId } from '@proj/domain';

/** Storage of users. Writes are shaped as the commands that cause them. */
export interface UserRepository {
  /** @returns the user, or `undefined` when no user has this id. */
  findById(id: UserId): Promise<User | undefined>;

  /**
   * Stores a newly registered user.
   * @throws UserAlreadyExistsError when another user has the same e-mail, compared
   *   case-insensitively; the store, not a prior read, is the arbiter under concurrency.
   */
  register(user: User): Promise<void>;
}
