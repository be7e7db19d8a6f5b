export type { Cache, CacheEntry } from './ports/cache.js';
export type { CacheMetrics } from './ports/cache-metrics.js';
export type { Clock } from './ports/clock.js';
export type { CursorSigner } from './ports/cursor-signer.js';
export type { DistributedLock, LockLease } from './ports/distributed-lock.js';
export type { IdGenerator } from './ports/id-generator.js';
export type { IdempotencyKeyClaim, IdempotencyKeyRecord, IdempotencyKeyRepository } from './ports/idempotency-key-repository.js';
export type { LogFields, Logger } from './ports/logger.js';
export { LevelLogger, type LogLevel } from './ports/level-logger.js';
export type { SystemConfigSource } from './ports/system-config-source.js';
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
export { SystemConfigCache, type SystemConfigCacheOptions } from './system-config/system-config-cache.js';
export { numberKey, type SystemConfigKey } from './system-config/system-config-key.js';
export { SystemConfigKeys } from './system-config/system-config-keys.js';

export type {
  ArtifactListCriteria,
  ArtifactRepository,
  CaptureOutcome,
  IngestStamp,
  PagePosition,
  SignalOutcome,
  SignalStamp,
  SimilarArtifact,
} from './capture/artifact-repository.js';
export type { AssignmentMarginService } from './capture/assignment-margin-service.js';
export { CaptureArtifactCommand, type CaptureArtifactInput } from './capture/capture-artifact-command.js';
export { toArtifactDto, toSignalDto, toSubspaceDto, type ArtifactDto, type SignalDto, type SubspaceDto } from './capture/capture-dtos.js';
export { CaptureHandler, type CaptureResult } from './capture/capture-handler.js';
export { checkCaptureFields, type CaptureFields } from './capture/check-capture-fields.js';
export {
  CAPTURE_DEFAULT_PAGE_SIZE,
  CAPTURE_MAX_PAGE_SIZE,
  CaptureQueries,
  SIMILAR_DEFAULT_LIMIT,
  SIMILAR_MAX_LIMIT,
  type ListArtifactsQuery,
  type Page,
} from './capture/capture-queries.js';
export { CreateSubspaceCommand, type CreateSubspaceInput } from './capture/create-subspace-command.js';
export { CreateSubspaceHandler } from './capture/create-subspace-handler.js';
export { RecordSignalCommand, type RecordSignalInput } from './capture/record-signal-command.js';
export { RecordSignalHandler } from './capture/record-signal-handler.js';
export type { SubspaceRepository } from './capture/subspace-repository.js';
