import { sql, type Kysely } from 'kysely';

import type { HealthCheck } from '@proj/application/edge';

/** Readiness probe: one round trip through the pool. */
export class PostgresHealthCheck implements HealthCheck {
  readonly name = 'database';
  readonly required = true;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(private readonly db: Kysely<any>) {}

  async check(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
}
