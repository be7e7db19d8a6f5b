import { Email, FullName, User, UserId, UserNotFoundError } from '@proj/domain';

import { IdempotencyKeyReusedError } from '../errors/idempotency-key-reused-error.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { IdempotencyKeyRecord } from '../ports/idempotency-key-repository.js';
import type { Logger } from '../ports/logger.js';
import type { TransactionalRepositories, UnitOfWork } from '../ports/unit-of-work.js';
import { validateAll } from '../validation/validate-all.js';
import { toUserDto, type UserDto } from './user-dto.js';
import type { UserRepository } from './user-repository.js';

/** The idempotency key of a request and the fingerprint of its content. */
export interface IdempotencyKey {
  /** Unique per caller: the caller's scope and the key it sent. */
  readonly key: string;
  /** Identical for identical requests, different otherwise. */
  readonly fingerprint: string;
}

export interface RegisterUserCommand {
  readonly email: string;
  readonly fullName: string;
  readonly isActive?: boolean;
  /** When given, a repeated command with this key returns the first user instead of a new one. */
  readonly idempotency?: IdempotencyKey;
}

/**
 * Registers a new user with a unique e-mail address. It does not touch the user cache: the id is
 * made here, so no reader can have cached it (or its absence) yet. Logs `user registered`, or
 * `idempotent replay` when a recorded key returned the first user (the user id only).
 */
export class RegisterUser {
  constructor(
    private readonly deps: {
      readonly uow: UnitOfWork;
      /** Writes outside any transaction: a registration without an idempotency key is one statement. */
      readonly users: UserRepository;
      readonly clock: Clock;
      readonly ids: IdGenerator;
      readonly logger: Logger;
    },
  ) {}

  /**
   * With an idempotency key, the user and the key are written in one transaction: a key that was
   * recorded means its user exists, however the earlier attempt ended, and it is returned again.
   * Without one, the user is written by a single statement, atomic on its own, outside a
   * transaction (which would add a BEGIN and a COMMIT round trip to every registration).
   * @throws InputValidationError listing every invalid field.
   * @throws UserAlreadyExistsError when the e-mail is taken, in any letter case.
   * @throws IdempotencyKeyReusedError when the key was first used for a different request.
   */
  async execute(command: RegisterUserCommand): Promise<UserDto> {
    const [email, fullName] = validateAll(
      () => Email.of(command.email),
      () => FullName.of(command.fullName),
    );
    const now = this.deps.clock.now();
    const user = User.register({
      id: UserId.of(this.deps.ids.next()),
      email,
      fullName,
      isActive: command.isActive ?? true,
      registeredAt: now,
    });
    const { idempotency } = command;
    if (idempotency === undefined) {
      await this.deps.users.register(user);
      return this.#registered(user);
    }
    const { dto, replayed } = await this.deps.uow.run(async (repositories) => {
      const { key, fingerprint } = idempotency;
      const claim = await repositories.idempotencyKeys.claim({ key, fingerprint, resourceId: user.id.value }, now);
      if (!claim.claimed) return { dto: await this.#replay(claim.existing, fingerprint, repositories), replayed: true };
      await repositories.users.register(user);
      return { dto: toUserDto(user), replayed: false };
    });
    // Logged once the unit of work committed: a rolled-back registration is no event.
    if (replayed) this.deps.logger.info('idempotent replay', { operation: 'register_user', user_id: dto.id });
    else this.deps.logger.info('user registered', { user_id: dto.id });
    return dto;
  }

  #registered(user: User): UserDto {
    this.deps.logger.info('user registered', { user_id: user.id.value });
    return toUserDto(user);
  }

  async #replay(record: IdempotencyKeyRecord, fingerprint: string, { users }: TransactionalRepositories): Promise<UserDto> {
    if (record.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    const id = UserId.of(record.resourceId);
    const user = await users.findById(id);
    if (!user) throw new UserNotFoundError(id.value);
    return toUserDto(user);
  }
}
