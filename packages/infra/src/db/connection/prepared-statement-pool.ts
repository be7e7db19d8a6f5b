import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/** More distinct statements than this (a query builder gone wild) run unnamed, as before. */
const MAX_NAMED_STATEMENTS = 500;

/**
 * The `pg` pool as Kysely sees it, except that each statement with parameters runs as a named
 * prepared statement: PostgreSQL parses and plans it once per connection instead of on every
 * execution. Names are given per distinct SQL text, so one name never stands for two statements.
 * Statements without parameters (`begin`, `commit`) keep the one-message simple protocol.
 * Not for a transaction-mode connection pooler that does not track prepared statements
 * (`PROJ_DATABASE_PREPARED_STATEMENTS=false`).
 */
export class PreparedStatementPool implements PostgresPool {
  readonly #clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  readonly #names = new Map<string, string>();

  constructor(private readonly pool: pg.Pool) {}

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.pool.connect();
    let preparing = this.#clients.get(client);
    if (preparing === undefined) {
      preparing = new PreparingClient(client, (sql) => this.#nameOf(sql));
      this.#clients.set(client, preparing);
    }
    return preparing;
  }

  end(): Promise<void> {
    return this.pool.end();
  }

  #nameOf(sql: string): string | undefined {
    let name = this.#names.get(sql);
    if (name === undefined && this.#names.size < MAX_NAMED_STATEMENTS) {
      name = `proj_${this.#names.size + 1}`;
      this.#names.set(sql, name);
    }
    return name;
  }
}

class PreparingClient implements PostgresPoolClient {
  constructor(
    private readonly client: pg.PoolClient,
    private readonly nameOf: (sql: string) => string | undefined,
  ) {}

  query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters: readonly unknown[] = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') return this.client.query(sqlOrCursor as unknown as pg.Submittable) as unknown as PostgresCursor<R>;
    const name = parameters.length > 0 ? this.nameOf(sqlOrCursor) : undefined;
    const result =
      name === undefined
        ? this.client.query(sqlOrCursor, [...parameters])
        : this.client.query({ name, text: sqlOrCursor, values: [...parameters] });
    return result as unknown as Promise<PostgresQueryResult<R>>;
  }

  release(): void {
    this.client.release();
  }
}
