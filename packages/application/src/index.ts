export type { Clock } from './ports/clock.js';
export type { HealthCheck } from './ports/health-check.js';
export type { IdGenerator } from './ports/id-generator.js';
export type { LogFields, Logger } from './ports/logger.js';
export type { TransactionalRepositories, UnitOfWork } from './ports/unit-of-work.js';

export { GetUserById, type GetUserByIdQuery } from './accounts/get-user-by-id.js';
export { RegisterUser, type RegisterUserCommand } from './accounts/register-user.js';
export { toUserDto, type UserDto } from './accounts/user-dto.js';
export type { UserRepository } from './accounts/user-repository.js';
