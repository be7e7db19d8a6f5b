import { User, UserAlreadyExistsError, UserVersionMismatchError, type UserId, type UserSnapshot } from '@proj/domain';

import type { UserListCriteria, UserRepository } from '../accounts/user-repository.js';
import { InMemoryTable } from './in-memory-table.js';

/** A UserRepository in a Map, with the same uniqueness and version rules as the real store. */
export class InMemoryUserRepository extends InMemoryTable<UserSnapshot> implements UserRepository {
  async findById(id: UserId): Promise<User | undefined> {
    const row = this.rows.get(id.value);
    return row ? User.fromSnapshot(row) : undefined;
  }

  /** The same as findById: an in-memory store has no concurrent writers to hold off. */
  findByIdForUpdate(id: UserId): Promise<User | undefined> {
    return this.findById(id);
  }

  async listInCreationOrder(criteria: UserListCriteria): Promise<User[]> {
    const { after, isActive, limit } = criteria;
    return [...this.rows.values()]
      .filter((row) => isActive === undefined || row.isActive === isActive)
      .filter((row) => after === undefined || compareCreationOrder(row, { createdAt: after.createdAt, id: after.id.value }) > 0)
      .sort(compareCreationOrder)
      .slice(0, limit)
      .map((row) => User.fromSnapshot(row));
  }

  async register(user: User): Promise<void> {
    const snapshot = user.toSnapshot();
    const taken = [...this.rows.values()].some((row) => row.email.toLowerCase() === snapshot.email.toLowerCase());
    if (taken || this.rows.has(snapshot.id)) throw new UserAlreadyExistsError();
    this.rows.set(snapshot.id, snapshot);
  }

  async update(user: User, condition: { readonly expectedVersion: number }): Promise<void> {
    const changed = user.toSnapshot();
    const stored = this.rows.get(changed.id);
    if (stored === undefined || stored.version !== condition.expectedVersion) {
      throw new UserVersionMismatchError(changed.id, condition.expectedVersion);
    }
    this.rows.set(changed.id, {
      ...stored,
      fullName: changed.fullName,
      isActive: changed.isActive,
      updatedAt: changed.updatedAt,
      version: changed.version,
    });
  }
}

function compareCreationOrder(a: Pick<UserSnapshot, 'createdAt' | 'id'>, b: Pick<UserSnapshot, 'createdAt' | 'id'>): number {
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
