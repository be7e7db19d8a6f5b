// What a process loads first (settings, logger, request scope), then everything else.
export * from './bootstrap.js';
export type { AuthKeySource, AuthSettings } from './settings/settings.js';

export {
  JoseTokenVerifier,
  MAX_TOKEN_LIFETIME_SECONDS,
  type JoseKeySource,
  type JoseTokenVerifierOptions,
} from './auth/jose-token-verifier.js';
export { mintToken, type MintTokenOptions } from './auth/mint-token.js';

export { KyselyUserRepository } from './db/accounts/kysely-user-repository.js';
export { KyselyArtifactRepository } from './db/capture/kysely-artifact-repository.js';
export { KyselyAssignmentMarginService } from './db/capture/kysely-assignment-margin-service.js';
export { EmbeddingDimensionMismatchError, ensureEmbeddingDimension } from './db/capture/kysely-embedding-space.js';
export { KyselySubspaceRepository } from './db/capture/kysely-subspace-repository.js';
export { KyselyIdempotencyKeyRepository, purgeIdempotencyKeys } from './db/idempotency/kysely-idempotency-key-repository.js';
export { KyselySystemConfigSource } from './db/system-config/kysely-system-config-source.js';
export { KyselyUnitOfWork } from './db/kysely-unit-of-work.js';
export { createDatabase, type DatabaseOptions } from './db/connection/create-database.js';
export type { Database } from './db/schema/database.js';
export {
  createMigrator,
  migrateToLatest,
  MigrationFailedError,
  rollbackMigrations,
  RollbackTargetError,
  type MigrationList,
  type MigrationOptions,
  type RollbackOptions,
} from './db/schema/migrator.js';
export { migrations } from './db/migrations/index.js';
export { readMigrationStatus, type AppliedMigration, type MigrationStatus } from './db/schema/migration-status.js';
export { assertNoUnknownMigrations, prepareSchema, SchemaMismatchError } from './db/schema/prepare-schema.js';
export { mapUnavailable } from './db/connection/map-pg-error.js';
export { PostgresHealthCheck } from './db/connection/postgres-health-check.js';

export {
  PrometheusMetrics,
  type ConnectionPoolMetrics,
  type ConnectionPoolStatistics,
  type PrometheusMetricsOptions,
} from './metrics/prometheus-metrics.js';
export { answerClusterMetricsRequests } from './metrics/cluster-metrics.js';

export { RedisCache } from './redis/redis-cache.js';
export { RedisConnection, type RedisClient, type RedisConnectionOptions } from './redis/redis-connection.js';
export { RedisDistributedLock } from './redis/redis-distributed-lock.js';
export { mapRedisError } from './redis/redis-errors.js';
export { RedisHealthCheck } from './redis/redis-health-check.js';
export { RedisIdempotencyStore } from './redis/redis-idempotency-store.js';
export { RedisRateLimiter } from './redis/redis-rate-limiter.js';

export { InProcessCache } from './in-process/in-process-cache.js';
export { InProcessDistributedLock } from './in-process/in-process-distributed-lock.js';
export { InProcessIdempotencyStore } from './in-process/in-process-idempotency-store.js';
export { InProcessRateLimiter } from './in-process/in-process-rate-limiter.js';

export { redact, redactText } from './logging/redact.js';

export { HmacCursorSigner } from './crypto/hmac-cursor-signer.js';
export { UuidV7Generator } from './ids/uuid-v7-generator.js';
export { SystemClock } from './time/system-clock.js';
