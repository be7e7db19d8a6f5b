import type { HealthCheck } from '@proj/application/edge';

import type { RedisConnection } from './redis-connection.js';

/**
 * Readiness probe of Redis, reported as `cache`. Optional: without Redis the service still
 * answers (from PostgreSQL), so a failure makes readiness `degraded`, not unavailable.
 */
export class RedisHealthCheck implements HealthCheck {
  readonly name = 'cache';
  readonly required = false;

  constructor(private readonly connection: RedisConnection) {}

  async check(): Promise<void> {
    if (!this.connection.isReady) throw new Error('not connected');
    await this.connection.run((client) => client.ping());
  }
}
