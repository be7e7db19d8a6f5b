export { freePort } from '../net/free-port.js';
export { describeSchema } from './describe-schema.js';
export { elapseRedisKeys } from './elapse-redis-keys.js';
export { postgresAnswers } from './postgres-answers.js';
export { findPgBouncerBinary, pgBouncerOrSkip, PgBouncerProcess, type PgBouncerOptions } from './pgbouncer-process.js';
export { findRedisServerBinary, RedisServerProcess } from './redis-server-process.js';
export { startTestJwksServer, type TestJwksServer } from './test-jwks-server.js';
export { startTestPostgres, withDatabase, type TestDatabase, type TestPostgres } from './test-postgres.js';
export { deleteKeys, ownRedisServerOrSkip, redisOrSkip, startTestRedis, TestRedisUnavailableError, type TestRedis } from './test-redis.js';
