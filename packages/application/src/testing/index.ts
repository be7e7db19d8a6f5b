export { aUser, type UserOverrides } from './a-user.js';
export { describeCursorSignerContract } from './describe-cursor-signer-contract.js';
export { describeUserRepositoryContract } from './describe-user-repository-contract.js';
export { FakeCursorSigner } from './fake-cursor-signer.js';
export { FixedClock } from './fixed-clock.js';
export { InMemoryUnitOfWork } from './in-memory-unit-of-work.js';
export { InMemoryUserRepository } from './in-memory-user-repository.js';
export { RecordingLogger, type LogEntry } from './recording-logger.js';
export { SequentialIdGenerator } from './sequential-id-generator.js';
