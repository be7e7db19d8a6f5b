export type { Cache, CacheEntry } from './ports/cache.js';
export type { CacheMetrics } from './ports/cache-metrics.js';
export type { Clock } from './ports/clock.js';
export type { CursorSigner } from './ports/cursor-signer.js';
export type { DistributedLock, LockLease } from './ports/distributed-lock.js';
export type { IdGenerator } from './ports/id-generator.js';
export type { IdempotencyKeyClaim, IdempotencyKeyRecord, IdempotencyKeyRepository } from './ports/idempotency-key-repository.js';
export type { LogFields, Logger } from './ports/logger.js';
export type { RuntimeSettingsSource } from './ports/runtime-settings-source.js';
export type { TransactionalRepositories, UnitOfWork } from './ports/unit-of-work.js';

export { checkUserFields, type UserFields } from './accounts/check-user-fields.js';
export { GetUserById, type GetUserByIdQuery } from './accounts/get-user-by-id.js';
export { DEFAULT_PAGE_SIZE, ListUsers, MAX_PAGE_SIZE, type ListUsersQuery, type UserPage } from './accounts/list-users.js';
export { RegisterUser, type IdempotencyKey, type RegisterUserCommand } from './accounts/register-user.js';
export { UpdateUser, type UpdateUserCommand } from './accounts/update-user.js';
export { UserCache, USER_CACHE_NAME, type UserCacheOptions } from './accounts/user-cache.js';
export { toUserDto, type UserDto } from './accounts/user-dto.js';
export type { UserListCriteria, UserPagePosition, UserRepository } from './accounts/user-repository.js';

export { withLock, type WithLockOptions } from './locking/with-lock.js';
export {
  RUNTIME_SETTING_KEYS,
  RuntimeSettingsCache,
  type RuntimeSettings,
  type RuntimeSettingsCacheOptions,
} from './runtime-settings/runtime-settings-cache.js';
