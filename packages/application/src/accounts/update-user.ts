import { FullName, UserId, UserNotFoundError, UserVersionMismatchError } from '@proj/domain';

import { InputValidationError } from '../errors/input-validation-error.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import { validateAll } from '../validation/validate-all.js';
import type { UserCache } from './user-cache.js';
import { toUserDto, type UserDto } from './user-dto.js';
import type { UserRepository } from './user-repository.js';

export interface UpdateUserCommand {
  readonly userId: string;
  /** Renames the user when given. */
  readonly fullName?: string;
  /** Activates (true) or deactivates (false) the user when given. */
  readonly isActive?: boolean;
  /** Apply the change only if the user is still at this version, or at one of these (`If-Match`). */
  readonly expectedVersion?: number | readonly number[];
}

/**
 * Renames and/or (de)activates a user in one unit of work. The user is read for update, so
 * concurrent changes to one user queue rather than fail; with `expectedVersion`, those that
 * queued behind a change then find a newer version and are refused. A change to the current
 * values is a no-op: nothing is written, and `updatedAt` and the version stay as they were.
 * A change that was written goes to the user cache after its unit of work commits, never before,
 * and never when it rolls back. Logs `user updated` with the names of the fields that changed, or
 * `user unchanged` (the user id and version only).
 */
export class UpdateUser {
  constructor(
    private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock; readonly cache: UserCache; readonly logger: Logger },
  ) {}

  /**
   * @throws InputValidationError for a malformed id, an invalid name, or no field to change.
   * @throws UserNotFoundError when no user has this id.
   * @throws UserVersionMismatchError when `expectedVersion` is given and the current version is not it (or not one of them);
   *   also if the user changed between our read and our write (only possible for a writer that
   *   does not read for update). Nothing is written.
   */
  async execute(command: UpdateUserCommand): Promise<UserDto> {
    const [id, fullName] = validateAll(
      () => UserId.of(command.userId),
      () => (command.fullName === undefined ? undefined : FullName.of(command.fullName)),
    );
    if (fullName === undefined && command.isActive === undefined) {
      throw new InputValidationError([{ path: 'body', message: 'must set at least one of full_name, is_active' }]);
    }
    const { user, changed } = await this.deps.uow.run(({ users }) => this.#apply(users, id, fullName, command));
    if (!changed) {
      this.deps.logger.info('user unchanged', { user_id: user.id, version: user.version });
      return user;
    }
    this.deps.logger.info('user updated', { user_id: user.id, version: user.version, fields: changed });
    await this.deps.cache.remember(user);
    return user;
  }

  async #apply(
    users: UserRepository,
    id: UserId,
    fullName: FullName | undefined,
    command: UpdateUserCommand,
  ): Promise<{ user: UserDto; changed: readonly string[] | false }> {
    const user = await users.findByIdForUpdate(id);
    if (user === undefined) throw new UserNotFoundError(id.value);
    const readVersion = user.version;
    const { expectedVersion } = command;
    if (expectedVersion !== undefined && ![expectedVersion].flat().includes(readVersion)) {
      throw new UserVersionMismatchError(id.value, expectedVersion);
    }
    const before = { fullName: user.fullName.value, isActive: user.isActive };
    if (!user.change({ fullName, isActive: command.isActive }, this.deps.clock.now())) return { user: toUserDto(user), changed: false };
    await users.update(user, { expectedVersion: readVersion });
    const changed = [
      ...(user.fullName.value === before.fullName ? [] : ['full_name']),
      ...(user.isActive === before.isActive ? [] : ['is_active']),
    ];
    return { user: toUserDto(user), changed };
  }
}
