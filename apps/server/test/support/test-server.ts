import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

import type { Express } from 'express';
import request from 'supertest';

import type { RequestScope } from '@proj/api';
import { type Logger } from '@proj/application';
import { ALL_SCOPES, type Scope } from '@proj/application/edge';
import { RecordingLogger } from '@proj/application/testing';
import { loadSettings, mintToken, type Settings } from '@proj/infra';
import {
  redisOrSkip,
  sharedPostgres,
  sharedPostgresHooks,
  sharedRedis,
  sharedRedisHooks,
  type TestDatabase,
  type TestRedis,
} from '@proj/infra/testing';

import { buildServer } from '../../src/build-server.js';
import { createAdapters, type RunningAdapters } from '../../src/create-adapters.js';
import { startHttpServer } from '../../src/start-http-server.js';
import { sampleValue } from './prometheus-sample.js';

export { sharedPostgres, sharedRedis };

/** For a `before` hook: the shared Redis, or a skip of the suite that says why it cannot run here. */
export function sharedRedisOrSkip(suite: { skip(): never }): Promise<TestRedis> {
  return redisOrSkip(sharedRedis(), suite);
}

export interface SharedRedisEnv extends Record<string, string> {
  readonly PROJ_REDIS_URL: string;
  readonly PROJ_REDIS_KEY_PREFIX: string;
}

/**
 * For a `before` hook: settings that point an app at the shared Redis under a key prefix of its
 * own, with a command timeout a busy machine meets. Skips the suite without Redis.
 */
export async function sharedRedisEnv(suite: { skip(): never }): Promise<SharedRedisEnv> {
  const redis = await sharedRedisOrSkip(suite);
  return { PROJ_REDIS_URL: redis.url, PROJ_REDIS_KEY_PREFIX: redis.newKeyPrefix(), PROJ_REDIS_COMMAND_TIMEOUT_MS: '2000' };
}

/** Settings for an app on a redis-server of the test's own, with timeouts short enough that its outage shows within a test. */
export function ownRedisEnv(redis: { readonly url: string }): Record<string, string> {
  return { PROJ_REDIS_URL: redis.url, PROJ_REDIS_COMMAND_TIMEOUT_MS: '300', PROJ_REDIS_CONNECT_TIMEOUT_MS: '500' };
}

export interface TokenOptions {
  /** Default: every scope. */
  readonly scopes?: readonly Scope[];
  /** Default: `e2e-tester`. */
  readonly subject?: string;
  /** Default: one hour. Negative for an expired token. */
  readonly ttlSeconds?: number;
}

export interface CacheCounts {
  readonly hits: number;
  readonly misses: number;
}

/** The `users` cache's counters in a Prometheus text exposition (0 for a series not there yet). */
export function cacheCountsOf(exposition: string): CacheCounts {
  return {
    hits: sampleValue(exposition, 'cache_hits_total', { cache: 'users' }),
    misses: sampleValue(exposition, 'cache_misses_total', { cache: 'users' }),
  };
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
  /** The user cache's hit and miss counters, as GET /metrics exposes them. */
  cacheCounts(): Promise<CacheCounts>;
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
  /**
   * Another instance's database, to run several instances on one database (not dropped on close).
   * Give the instances one `PROJ_AUTH_JWT_SECRET` in `env` so that a token works on each.
   */
  readonly database?: TestDatabase;
  /** The scope every request runs in (give the same one to the logger's `context`). Default: none. */
  readonly requestScope?: RequestScope;
}

/** Two instances of the app as a deployment of two runs them; `close` stops both and drops their database. */
export interface TwoInstances {
  readonly a: TestApp;
  readonly b: TestApp;
  readonly database: TestDatabase;
  /** The settings both run with: one Redis under a key prefix of their own, one JWT secret. */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * Two instances on one new database and the shared Redis (a key prefix of their own), with one
 * `PROJ_AUTH_JWT_SECRET` so that a token works on either, plus `env`. Skips the suite without Redis.
 */
export async function startTwoInstances(suite: { skip(): never }, env: Record<string, string> = {}): Promise<TwoInstances> {
  const redisEnv = await sharedRedisEnv(suite);
  const database = await (await sharedPostgres()).createDatabase();
  const shared = {
    ...redisEnv,
    PROJ_AUTH_JWT_SECRET: randomBytes(48).toString('base64url'),
    ...env,
  };
  const [a, b] = await Promise.all([startTestApp(shared, { database }), startTestApp(shared, { database })]);
  return {
    a,
    b,
    database,
    env: shared,
    close: async () => {
      await a.close();
      await b.close();
      await database.drop();
    },
  };
}

/**
 * The real server wiring over a fresh database of its own (or the one given). Auth is on, as in
 * production: unless `env` names another key source, the app verifies HS256 tokens with a random
 * secret of its own, and `api`, `token()` and `as()` make authorised requests easy.
 */
export async function startTestApp(env: Record<string, string> = {}, options: StartTestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await (await sharedPostgres()).createDatabase());
  const keySource = env['PROJ_AUTH_JWKS_URL'] === undefined ? { PROJ_AUTH_JWT_SECRET: randomBytes(48).toString('base64url') } : {};
  const settings = loadSettings({ PROJ_ENV: 'test', PROJ_DATABASE_URL: database.url, PROJ_MIGRATE_ON_START: 'true', ...keySource, ...env });
  const logs = new RecordingLogger();
  const logger = options.logger ?? logs;
  const adapters = await createAdapters(settings, logger);
  const app = buildServer(adapters, settings, { requestScope: options.requestScope });

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
  const as = async (tokenOptions: TokenOptions): Promise<request.Agent> =>
    request.agent(app).auth(await token(tokenOptions), { type: 'bearer' });
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
    cacheCounts: async () => cacheCountsOf((await request(app).get('/metrics').expect(200)).text),
    async listen() {
      const { server: listening } = await startHttpServer(app, '127.0.0.1', 0, { logger, maxConnections: settings.http.maxConnections });
      return {
        url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((resolve, reject) => {
            listening.close((error) => (error ? reject(error) : resolve()));
            listening.closeAllConnections();
          }),
      };
    },
    async close() {
      await adapters.dispose();
      if (!options.database) await database.drop();
    },
  };
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    await sharedPostgresHooks.beforeAll.call(this);
  },
  async afterAll(): Promise<void> {
    await sharedPostgresHooks.afterAll();
    await sharedRedisHooks.afterAll();
  },
};
