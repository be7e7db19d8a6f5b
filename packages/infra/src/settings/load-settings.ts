import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseEnv } from 'node:util';

import type { z } from 'zod';

import { SettingsError } from './settings-error.js';
import {
  environmentSchema,
  MIN_JWT_SECRET_BYTES,
  SETTING_NAMES,
  type AuthSettings,
  type EnvironmentVariables,
  type Settings,
} from './settings.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface LoadSettingsOptions {
  /** `.env` file read in development and test only; the process environment wins over it. */
  readonly dotenvPath?: string;
  /**
   * `serve` (default): everything the server needs is required. `database-commands`: settings
   * only the HTTP service uses (the cursor key, the token key source) are not required, so that a
   * migrate job needs nothing but the database's settings; they are still validated when given.
   */
  readonly purpose?: 'serve' | 'database-commands';
}

/**
 * Parses and validates the configuration once. This module is the only reader of the process
 * environment. Precedence: `env` > `.env` file (development and test) > defaults.
 * @throws SettingsError listing every invalid or missing variable.
 */
export function loadSettings(env: Env, options: LoadSettingsOptions = {}): Settings {
  const raw = blankToUndefined(withDotenv(env, options.dotenvPath));
  const parsed = environmentSchema.safeParse(raw);
  const problems = [...(parsed.success ? [] : problemsOf(parsed.error.issues)), ...crossVariableProblems(raw, options.purpose ?? 'serve')];
  if (!parsed.success || problems.length > 0) throw new SettingsError(problems);
  const e = parsed.data;
  const development = e.PROJ_ENV === 'development';
  return deepFreeze({
    env: e.PROJ_ENV,
    serviceName: e.PROJ_SERVICE_NAME,
    host: e.PROJ_HOST ?? (development ? '127.0.0.1' : '0.0.0.0'),
    port: e.PROJ_PORT ?? e.PORT ?? 3000,
    workers: e.PROJ_WORKERS === 'auto' ? availableParallelism() : e.PROJ_WORKERS,
    database: {
      url: e.PROJ_DATABASE_URL,
      dataDir: e.PROJ_DATA_DIR,
      poolMax: e.PROJ_DATABASE_POOL_MAX,
      statementTimeoutMs: e.PROJ_DATABASE_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: e.PROJ_DATABASE_CONNECT_TIMEOUT_MS,
      preparedStatements: e.PROJ_DATABASE_PREPARED_STATEMENTS,
      migrateOnStart: e.PROJ_MIGRATE_ON_START ?? development,
    },
    log: { level: e.PROJ_LOG_LEVEL, format: e.PROJ_LOG_FORMAT ?? (development ? 'pretty' : 'json') },
    http: {
      bodyLimit: e.PROJ_BODY_LIMIT.toLowerCase(),
      validateResponses: development || e.PROJ_ENV === 'test',
      corsOrigins: e.PROJ_CORS_ORIGINS ?? [],
      trustProxy: e.PROJ_TRUST_PROXY,
    },
    auth: authSettings(e),
    shutdownTimeoutMs: e.PROJ_SHUTDOWN_TIMEOUT_MS,
    pagination: { cursorSecret: e.PROJ_CURSOR_SECRET },
    redis: {
      url: e.PROJ_REDIS_URL,
      keyPrefix: e.PROJ_REDIS_KEY_PREFIX,
      commandTimeoutMs: e.PROJ_REDIS_COMMAND_TIMEOUT_MS,
      connectTimeoutMs: e.PROJ_REDIS_CONNECT_TIMEOUT_MS,
    },
    cache: { ttlSeconds: e.PROJ_CACHE_TTL_SECONDS, absentTtlSeconds: e.PROJ_CACHE_ABSENT_TTL_SECONDS },
    idempotency: { retentionSeconds: e.PROJ_IDEMPOTENCY_RETENTION_SECONDS, leaseSeconds: e.PROJ_IDEMPOTENCY_LEASE_SECONDS },
    rateLimit: { perMinute: e.PROJ_RATE_LIMIT_PER_MINUTE },
    runtimeSettings: { ttlSeconds: e.PROJ_RUNTIME_SETTINGS_TTL_SECONDS },
  });
}

/**
 * Names in `env` that look like settings (`PROJ_…`) but that the service does not read: usually a
 * typo, which would otherwise silently fall back to a default. Test-harness variables are ignored.
 */
export function findUnknownSettings(env: Env): string[] {
  const known = new Set(SETTING_NAMES);
  return Object.keys(env)
    .filter((name) => name.startsWith('PROJ_') && !name.startsWith('PROJ_TEST_') && !known.has(name))
    .sort();
}

/** One line per variable, its problems joined: several issues on one variable stay one line. */
function problemsOf(issues: readonly z.core.$ZodIssue[]): string[] {
  const byVariable = new Map<string, string[]>();
  for (const issue of issues) {
    const name = issue.path.join('.') || '(environment)';
    byVariable.set(name, [...(byVariable.get(name) ?? []), issue.message]);
  }
  return [...byVariable].map(([name, messages]) => `${name}: ${[...new Set(messages)].join('; ')}`);
}

/**
 * Rules that involve more than one variable, checked on the raw values so that they are reported
 * together with every other problem rather than after them.
 */
function crossVariableProblems(
  raw: Readonly<Record<string, string | undefined>>,
  purpose: NonNullable<LoadSettingsOptions['purpose']>,
): string[] {
  const environment = raw.PROJ_ENV ?? 'development';
  const known = environmentSchema.shape.PROJ_ENV.unwrap().options as readonly string[];
  const problems: string[] = [];
  if (known.includes(environment) && environment !== 'development' && raw.PROJ_DATABASE_URL === undefined) {
    problems.push(`PROJ_DATABASE_URL: required when PROJ_ENV is ${environment} (the embedded database is for development only)`);
  }
  if (
    purpose === 'serve' &&
    known.includes(environment) &&
    !['development', 'test'].includes(environment) &&
    raw.PROJ_CURSOR_SECRET === undefined
  ) {
    problems.push(
      `PROJ_CURSOR_SECRET: required when PROJ_ENV is ${environment} (signs pagination cursors; every instance needs the same one)`,
    );
  }
  if (known.includes(environment)) problems.push(...authProblems(raw, environment, purpose));
  if (purpose === 'serve' && ['staging', 'production'].includes(environment) && raw.PROJ_REDIS_URL === undefined) {
    problems.push(`PROJ_REDIS_URL: required when PROJ_ENV is ${environment} (the in-process adapters serve a single instance only)`);
  }
  const workers = raw.PROJ_WORKERS?.trim();
  const resolvedWorkers = workers === 'auto' ? availableParallelism() : Number(workers ?? 1);
  if (purpose === 'serve' && resolvedWorkers > 1) {
    // Keys a process would otherwise make up for itself: every worker must accept what another issued.
    const missing = [
      ...(raw.PROJ_DATABASE_URL === undefined ? ['PROJ_DATABASE_URL (the embedded database serves a single process)'] : []),
      ...(raw.PROJ_CURSOR_SECRET === undefined ? ['PROJ_CURSOR_SECRET (a cursor from one worker must be accepted by the others)'] : []),
      ...(raw.PROJ_AUTH_JWT_SECRET === undefined && raw.PROJ_AUTH_JWKS_URL === undefined
        ? ['PROJ_AUTH_JWT_SECRET or PROJ_AUTH_JWKS_URL (one token key for every worker)']
        : []),
      ...(raw.PROJ_REDIS_URL === undefined
        ? ['PROJ_REDIS_URL (the in-process cache, rate limits and idempotency keys serve a single process)']
        : []),
    ];
    // What the environment requires anyway is already reported under its own name.
    const notYetReported = missing.filter((need) => !problems.some((problem) => problem.startsWith(`${need.split(' ')[0] ?? need}:`)));
    if (notYetReported.length > 0) problems.push(`PROJ_WORKERS: more than one worker needs ${notYetReported.join(', ')}`);
  }
  return problems;
}

/**
 * Which token key source the environment accepts: one of the two, never both; in staging and
 * production one is required and a JWKS, which an identity provider shares among services, needs
 * an https URL and an audience. Never mentions a value.
 */
function authProblems(
  raw: Readonly<Record<string, string | undefined>>,
  environment: string,
  purpose: NonNullable<LoadSettingsOptions['purpose']>,
): string[] {
  const secret = raw.PROJ_AUTH_JWT_SECRET;
  const jwksUrl = raw.PROJ_AUTH_JWKS_URL;
  if (secret !== undefined && jwksUrl !== undefined) return ['PROJ_AUTH_JWT_SECRET: set either it or PROJ_AUTH_JWKS_URL, not both'];
  if (!['staging', 'production'].includes(environment)) return [];
  if (secret === undefined && jwksUrl === undefined) {
    // The database commands verify no token.
    if (purpose === 'database-commands') return [];
    return [
      `PROJ_AUTH_JWT_SECRET: required when PROJ_ENV is ${environment}; set it (at least ${MIN_JWT_SECRET_BYTES} bytes) or PROJ_AUTH_JWKS_URL`,
    ];
  }
  const problems: string[] = [];
  // Only for an otherwise valid http:// URL, so that a bad value is reported once, by the schema.
  if (jwksUrl?.startsWith('http://')) problems.push(`PROJ_AUTH_JWKS_URL: must be an https:// URL when PROJ_ENV is ${environment}`);
  if (jwksUrl !== undefined && raw.PROJ_AUTH_AUDIENCE === undefined) {
    problems.push(
      `PROJ_AUTH_AUDIENCE: required with PROJ_AUTH_JWKS_URL when PROJ_ENV is ${environment}, so that tokens the issuer made for other services are refused`,
    );
  }
  return problems;
}

/** The key source given (checked above), or, with none, a key this process makes up (development and test). */
function authSettings(e: EnvironmentVariables): AuthSettings {
  const common = { issuer: e.PROJ_AUTH_ISSUER, audience: e.PROJ_AUTH_AUDIENCE, clockSkewSeconds: e.PROJ_AUTH_CLOCK_SKEW_S };
  if (e.PROJ_AUTH_JWT_SECRET !== undefined) return { key: { kind: 'secret', secret: e.PROJ_AUTH_JWT_SECRET }, ...common };
  if (e.PROJ_AUTH_JWKS_URL !== undefined) return { key: { kind: 'jwks', url: e.PROJ_AUTH_JWKS_URL }, ...common };
  return { key: { kind: 'ephemeral' }, ...common };
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

/**
 * `loadSettings` over this process's environment: what entry points call, so that no module outside
 * this one reads `process.env` (docs/architecture.md, "The dependency rule").
 * @throws SettingsError listing every invalid or missing variable.
 */
export function loadProcessSettings(options: LoadSettingsOptions = {}): Settings {
  return loadSettings(process.env, options);
}

/** `findUnknownSettings` over this process's environment. */
export function findUnknownProcessSettings(): string[] {
  return findUnknownSettings(process.env);
}
