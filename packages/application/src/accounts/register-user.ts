import { Email, FullName, User, UserId } from '@proj/domain';

import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import { validateAll } from '../validation/validate-all.js';
import { toUserDto, type UserDto } from './user-dto.js';
import type { UserRepository } from './user-repository.js';

export interface RegisterUserCommand {
  readonly email: string;
  readonly fullName: string;
  readonly isActive?: boolean;
}

/** Registers a new user with a unique e-mail address. */
export class RegisterUser {
  constructor(private readonly deps: { readonly users: UserRepository; readonly clock: Clock; readonly ids: IdGenerator }) {}

  /**
   * @throws InputValidationError listing every invalid field.
   * @throws UserAlreadyExistsError when the e-mail is taken, in any letter case.
   */
  async execute(command: RegisterUserCommand): Promise<UserDto> {
    const [email, fullName] = validateAll(
      () => Email.of(command.email),
      () => FullName.of(command.fullName),
    );
    const user = User.register({
      id: UserId.of(this.deps.ids.next()),
      email,
      fullName,
      isActive: command.isActive ?? true,
      registeredAt: this.deps.clock.now(),
    });
    await this.deps.users.register(user);
    return toUserDto(user);
  }
}
