import { startTestPostgres, type TestPostgres } from '../../src/testing/index.js';

let server: Promise<TestPostgres> | undefined;

/** One PostgreSQL server for the whole run, started on first use and stopped by the root hook. */
export function sharedPostgres(): Promise<TestPostgres> {
  server ??= startTestPostgres(process.env);
  return server;
}

/** Starting an embedded PostgreSQL (initdb) can take well over a test's timeout on a busy machine. */
const POSTGRES_START_TIMEOUT_MS = 180_000;

export const mochaHooks = {
  // Started once up front with its own timeout, rather than inside the first suite's hook.
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(POSTGRES_START_TIMEOUT_MS);
    await sharedPostgres();
  },
  async afterAll(): Promise<void> {
    if (server) await (await server).stop();
  },
};
