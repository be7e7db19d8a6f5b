import { User, UserAlreadyExistsError, type UserId, type UserSnapshot } from '@proj/domain';

import type { UserRepository } from '../accounts/user-repository.js';

/** A UserRepository in a Map, with the same uniqueness rule as the real store. */
export class InMemoryUserRepository implements UserRepository {
  readonly #rows = new Map<string, UserSnapshot>();

  async findById(id: UserId): Promise<User | undefined> {
    const row = this.#rows.get(id.value);
    return row ? User.fromSnapshot(row) : undefined;
  }

  async register(user: User): Promise<void> {
    const snapshot = user.toSnapshot();
    const taken = [...this.#rows.values()].some((row) => row.email.toLowerCase() === snapshot.email.toLowerCase());
    if (taken || this.#rows.has(snapshot.id)) throw new UserAlreadyExistsError();
    this.#rows.set(snapshot.id, snapshot);
  }

  /** An independent copy, for a unit of work to change and then commit or discard. */
  copy(): InMemoryUserRepository {
    const copy = new InMemoryUserRepository();
    for (const [id, row] of this.#rows) copy.#rows.set(id, row);
    return copy;
  }

  /** Takes over the contents of `other` (a committed copy). */
  replaceWith(other: InMemoryUserRepository): void {
    this.#rows.clear();
    for (const [id, row] of other.#rows) this.#rows.set(id, row);
  }

  /** Every stored user, in insertion order: for assertions. */
  get saved(): readonly UserSnapshot[] {
    return [...this.#rows.values()];
  }
}
