import { startTestPostgres, type TestPostgres } from '../../src/testing/index.js';

let server: Promise<TestPostgres> | undefined;

/** One PostgreSQL server for the whole run, started on first use and stopped by the root hook. */
export function sharedPostgres(): Promise<TestPostgres> {
  server ??= startTestPostgres(process.env);
  return server;
}

export const mochaHooks = {
  async afterAll(): Promise<void> {
    if (server) await (await server).stop();
  },
};
