export { aUser, type UserOverrides } from './a-user.js';
export { describeCursorSignerContract } from './describe-cursor-signer-contract.js';
export { describeCacheContract } from './describe-cache-contract.js';
export { describeCoordinationContract, type CoordinationAdapters } from './describe-coordination-contract.js';
export { describeDistributedLockContract } from './describe-distributed-lock-contract.js';
export type { Elapse } from './elapse.js';
export { describeIdempotencyStoreContract } from './describe-idempotency-store-contract.js';
export { describeRateLimiterContract } from './describe-rate-limiter-contract.js';
export { describeUserRepositoryContract } from './describe-user-repository-contract.js';
export { FakeCursorSigner } from './fake-cursor-signer.js';
export { FakeTokenVerifier } from './fake-token-verifier.js';
export { FixedClock } from './fixed-clock.js';
export { InMemoryCache } from './in-memory-cache.js';
export { InMemoryIdempotencyKeyRepository } from './in-memory-idempotency-key-repository.js';
export { InMemoryUnitOfWork } from './in-memory-unit-of-work.js';
export { inMemoryUserCache } from './in-memory-user-cache.js';
export { InMemoryUserRepository } from './in-memory-user-repository.js';
export { RecordingLogger, type LogEntry } from './recording-logger.js';
export { RecordingMetrics } from './recording-metrics.js';
export { SequentialIdGenerator } from './sequential-id-generator.js';
export { uniqueName } from './unique-name.js';
export {
  CONTRACT_EMBEDDING_DIMENSION,
  describeCaptureRepositoryContract,
  type CaptureStoreUnderTest,
} from './describe-capture-repository-contract.js';
export { DEFAULT_ENGAGEMENT_THRESHOLDS, InMemoryCaptureStore } from './in-memory-capture-store.js';
