import type { Express } from 'express';

import { RecordingLogger } from '@proj/application/testing';
import { loadSettings } from '@proj/infra';
import { startTestPostgres, type TestDatabase, type TestPostgres } from '@proj/infra/testing';

import { buildServer } from '../../src/build-server.js';
import { createAdapters, type RunningAdapters } from '../../src/create-adapters.js';

let server: Promise<TestPostgres> | undefined;

/** One PostgreSQL server for the whole run, started on first use and stopped by the root hook. */
export function sharedPostgres(): Promise<TestPostgres> {
  server ??= startTestPostgres(process.env);
  return server;
}

export interface TestApp {
  readonly app: Express;
  readonly database: TestDatabase;
  readonly adapters: RunningAdapters;
  readonly logs: RecordingLogger;
  close(): Promise<void>;
}

/** The real server wiring over a fresh database of its own. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await (await sharedPostgres()).createDatabase();
  const settings = loadSettings({ PROJ_ENV: 'test', PROJ_DATABASE_URL: database.url, PROJ_MIGRATE_ON_START: 'true', ...env });
  const logs = new RecordingLogger();
  const adapters = await createAdapters(settings, logs);
  const app = buildServer(adapters, { bodyLimit: settings.http.bodyLimit, validateResponses: settings.http.validateResponses });
  return {
    app,
    database,
    adapters,
    logs,
    async close() {
      await adapters.dispose();
      await database.drop();
    },
  };
}

export const mochaHooks = {
  async afterAll(): Promise<void> {
    if (server) await (await server).stop();
  },
};
