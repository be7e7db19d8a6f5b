import { startTestPostgres, type TestPostgres } from './test-postgres.js';

let server: Promise<TestPostgres> | undefined;

/** One PostgreSQL server for the whole run, started on first use and stopped by {@link sharedPostgresHooks}. */
export function sharedPostgres(): Promise<TestPostgres> {
  server ??= startTestPostgres(process.env);
  return server;
}

/** Starting an embedded PostgreSQL (initdb) can take well over a test's timeout on a busy machine. */
const POSTGRES_START_TIMEOUT_MS = 180_000;

/** Mocha root hooks of {@link sharedPostgres}, for a test tier's `--require` file to export as `mochaHooks`. */
export const sharedPostgresHooks = {
  // Started once up front with its own timeout, rather than inside the first suite's hook.
  async beforeAll(this: { timeout(ms: number): unknown }): Promise<void> {
    this.timeout(POSTGRES_START_TIMEOUT_MS);
    await sharedPostgres();
  },
  async afterAll(): Promise<void> {
    if (server) await (await server).stop();
  },
};
