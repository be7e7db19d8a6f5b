import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

import type { Express } from 'express';
import request from 'supertest';

import { ALL_SCOPES, type Logger, type Scope } from '@proj/application';
import { RecordingLogger } from '@proj/application/testing';
import { loadSettings, mintToken, type Settings } from '@proj/infra';
import { startTestPostgres, type TestDatabase, type TestPostgres } from '@proj/infra/testing';

import { buildServer } from '../../src/build-server.js';
import { createAdapters, type RunningAdapters } from '../../src/create-adapters.js';
import { startHttpServer } from '../../src/start-http-server.js';

let server: Promise<TestPostgres> | undefined;

/** One PostgreSQL server for the whole run, started on first use and stopped by the root hook. */
export function sharedPostgres(): Promise<TestPostgres> {
  server ??= startTestPostgres(process.env);
  return server;
}

export interface TokenOptions {
  /** Default: every scope. */
  readonly scopes?: readonly Scope[];
  /** Default: `e2e-tester`. */
  readonly subject?: string;
  /** Default: one hour. Negative for an expired token. */
  readonly ttlSeconds?: number;
}

export interface TestApp {
  readonly app: Express;
  readonly database: TestDatabase;
  readonly adapters: RunningAdapters;
  readonly settings: Settings;
  /** The app's log lines, when no logger was given to startTestApp. */
  readonly logs: RecordingLogger;
  /** A supertest agent whose every request carries a bearer token with every scope. */
  readonly api: request.Agent;
  /** A token the app accepts (HS256 with the app's secret). Only with the default secret key source. */
  token(options?: TokenOptions): Promise<string>;
  /** A supertest agent whose requests carry a token made with `options`. */
  as(options: TokenOptions): Promise<request.Agent>;
  /**
   * Serves the app as main.ts does (the same node:http server settings, including the answer to
   * unparseable requests) on a free port of 127.0.0.1; `close` stops it. For tests that need the
   * real server rather than supertest's.
   */
  listen(): Promise<{ readonly url: string; close(): Promise<void> }>;
  close(): Promise<void>;
}

export interface StartTestAppOptions {
  /** Where the app logs; default a RecordingLogger (then `logs` has the lines). */
  readonly logger?: Logger;
}

/**
 * The real server wiring over a fresh database of its own. Auth is on, as in production: unless
 * `env` names another key source, the app verifies HS256 tokens with a random secret of its own,
 * and `api`, `token()` and `as()` make authorised requests easy.
 */
export async function startTestApp(env: Record<string, string> = {}, options: StartTestAppOptions = {}): Promise<TestApp> {
  const database = await (await sharedPostgres()).createDatabase();
  const keySource = env['PROJ_AUTH_JWKS_URL'] === undefined ? { PROJ_AUTH_JWT_SECRET: randomBytes(48).toString('base64url') } : {};
  const settings = loadSettings({ PROJ_ENV: 'test', PROJ_DATABASE_URL: database.url, PROJ_MIGRATE_ON_START: 'true', ...keySource, ...env });
  const logs = new RecordingLogger();
  const logger = options.logger ?? logs;
  const adapters = await createAdapters(settings, logger);
  const app = buildServer(adapters, {
    bodyLimit: settings.http.bodyLimit,
    corsOrigins: settings.http.corsOrigins,
    validateResponses: settings.http.validateResponses,
  });

  const token = (tokenOptions: TokenOptions = {}): Promise<string> => {
    const { key, issuer, audience } = settings.auth;
    if (key.kind !== 'secret') throw new Error('token() needs the secret key source; sign with your JWKS server instead');
    return mintToken({
      secret: key.secret,
      subject: tokenOptions.subject ?? 'e2e-tester',
      scopes: tokenOptions.scopes ?? ALL_SCOPES,
      ttlSeconds: tokenOptions.ttlSeconds ?? 3600,
      issuer,
      audience,
      now: new Date(),
    });
  };
  const as = async (tokenOptions: TokenOptions): Promise<request.Agent> => request.agent(app).auth(await token(tokenOptions), { type: 'bearer' });
  const api = settings.auth.key.kind === 'secret' ? await as({}) : request.agent(app);

  return {
    app,
    database,
    adapters,
    settings,
    logs,
    api,
    token,
    as,
    async listen() {
      const { server } = await startHttpServer(app, '127.0.0.1', 0, { logger });
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((resolve, reject) => {
            server.close((error) => (error ? reject(error) : resolve()));
            server.closeAllConnections();
          }),
      };
    },
    async close() {
      await adapters.dispose();
      await database.drop();
    },
  };
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
