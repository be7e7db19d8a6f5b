import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

import { environmentSchema, type Settings } from './settings.js';
import { SettingsError } from './settings-error.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface LoadSettingsOptions {
  /** `.env` file read in development and test only; the process environment wins over it. */
  readonly dotenvPath?: string;
}

/**
 * Parses and validates the configuration once. This module is the only reader of the process
 * environment. Precedence: `env` > `.env` file (development and test) > defaults.
 * @throws SettingsError listing every invalid or missing variable.
 */
export function loadSettings(env: Env, options: LoadSettingsOptions = {}): Settings {
  const merged = withDotenv(env, options.dotenvPath);
  const parsed = environmentSchema.safeParse(blankToUndefined(merged));
  if (!parsed.success) {
    throw new SettingsError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const development = e.PROJ_ENV === 'development';
  const missing: string[] = [];
  if (!development && e.PROJ_DATABASE_URL === undefined) {
    missing.push(`PROJ_DATABASE_URL: required when PROJ_ENV is ${e.PROJ_ENV} (the embedded database is for development only)`);
  }
  if (!['development', 'test'].includes(e.PROJ_ENV) && e.PROJ_CURSOR_SECRET === undefined) {
    missing.push(`PROJ_CURSOR_SECRET: required when PROJ_ENV is ${e.PROJ_ENV} (signs pagination cursors; every instance needs the same one)`);
  }
  if (missing.length > 0) throw new SettingsError(missing);
  return deepFreeze({
    env: e.PROJ_ENV,
    serviceName: e.PROJ_SERVICE_NAME,
    host: e.PROJ_HOST ?? (development ? '127.0.0.1' : '0.0.0.0'),
    port: e.PROJ_PORT ?? e.PORT ?? 3000,
    database: {
      url: e.PROJ_DATABASE_URL,
      dataDir: e.PROJ_DATA_DIR,
      poolMax: e.PROJ_DATABASE_POOL_MAX,
      statementTimeoutMs: e.PROJ_DATABASE_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: e.PROJ_DATABASE_CONNECT_TIMEOUT_MS,
      migrateOnStart: e.PROJ_MIGRATE_ON_START ?? development,
    },
    log: { level: e.PROJ_LOG_LEVEL, format: e.PROJ_LOG_FORMAT ?? (development ? 'pretty' : 'json') },
    http: { bodyLimit: e.PROJ_BODY_LIMIT.toLowerCase(), validateResponses: development || e.PROJ_ENV === 'test' },
    shutdownTimeoutMs: e.PROJ_SHUTDOWN_TIMEOUT_MS,
    pagination: { cursorSecret: e.PROJ_CURSOR_SECRET },
  });
}

function withDotenv(env: Env, dotenvPath: string | undefined): Env {
  const environment = env.PROJ_ENV ?? 'development';
  if (!dotenvPath || !['development', 'test'].includes(environment) || !existsSync(dotenvPath)) return env;
  return { ...parseEnv(readFileSync(dotenvPath, 'utf8')), ...env };
}

function blankToUndefined(env: Env): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === '' ? undefined : value]));
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) deepFreeze(child);
  }
  return Object.freeze(value);
}
