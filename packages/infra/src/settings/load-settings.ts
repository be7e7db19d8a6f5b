import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

import { SettingsError } from './settings-error.js';
import { checkSettingsRules, type SettingsPurpose } from './settings-rules.js';
import { environmentSchema, SETTING_NAMES, type AuthSettings, type EnvironmentVariables, type Settings } from './settings.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface LoadSettingsOptions {
  /** `.env` file read in development and test only; the process environment wins over it. */
  readonly dotenvPath?: string;
  /**
   * `serve` (default): everything the server needs is required. `database-commands`: settings
   * only the HTTP service uses (the cursor key, the token key source) are not required, so that a
   * migrate job needs nothing but the database's settings; they are still validated when given.
   */
  readonly purpose?: SettingsPurpose;
}

/**
 * Parses and validates the configuration once. This module is the only reader of the process
 * environment. Precedence: `env` > `.env` file (development and test) > defaults.
 * @throws SettingsError listing every invalid or missing variable.
 */
export function loadSettings(env: Env, options: LoadSettingsOptions = {}): Settings {
  const raw = blankToUndefined(withDotenv(env, options.dotenvPath));
  const { values, invalid, problems } = parseVariables(raw);
  problems.push(...checkSettingsRules(values, invalid, options.purpose ?? 'serve'));
  if (problems.length > 0) throw new SettingsError(problems);
  const e = values as EnvironmentVariables;
  const development = e.PROJ_ENV === 'development';
  return deepFreeze({
    env: e.PROJ_ENV,
    serviceName: e.PROJ_SERVICE_NAME,
    host: e.PROJ_HOST ?? (development ? '127.0.0.1' : '0.0.0.0'),
    port: e.PROJ_PORT ?? e.PORT ?? 3000,
    workers: e.PROJ_WORKERS,
    database: {
      url: withPassword(e.PROJ_DATABASE_URL, e.PROJ_DATABASE_PASSWORD),
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
      maxConnections: e.PROJ_HTTP_MAX_CONNECTIONS,
      metricsPort: e.PROJ_METRICS_PORT,
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
    rateLimit: {
      perMinute: e.PROJ_RATE_LIMIT_PER_MINUTE,
      // Half the pool: one caller's burst leaves the other half to everyone else (decision 0112).
      concurrentPerCaller: e.PROJ_CONCURRENCY_PER_CALLER ?? Math.max(1, Math.floor(e.PROJ_DATABASE_POOL_MAX / 2)),
      waitingPerCaller: e.PROJ_QUEUE_PER_CALLER,
    },
    runtimeSettings: { ttlSeconds: e.PROJ_RUNTIME_SETTINGS_TTL_SECONDS },
    capture: { embeddingDimension: e.PROJ_CAPTURE_EMBEDDING_DIMENSION },
    legacy: {
      baseUrl: e.PROJ_LEGACY_BASE_URL,
      timeoutMs: e.PROJ_LEGACY_TIMEOUT_MS,
      shadowReads: {
        enabled: e.PROJ_LEGACY_SHADOW_READS,
        ignoredFields: e.PROJ_LEGACY_SHADOW_IGNORED_FIELDS ?? [],
        maxInFlight: e.PROJ_LEGACY_SHADOW_MAX_IN_FLIGHT,
      },
    },
    telemetry: {
      tracing: !e.OTEL_SDK_DISABLED && (e.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined || e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined),
    },
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

/**
 * Each variable parsed on its own, so that the rules across variables run on the parsed values of
 * every variable that is valid, and their problems are reported together with the others.
 * One problem line per invalid variable, its issues joined.
 */
function parseVariables(raw: Readonly<Record<string, string | undefined>>): {
  values: Partial<EnvironmentVariables>;
  invalid: Set<string>;
  problems: string[];
} {
  const values: Record<string, unknown> = {};
  const invalid = new Set<string>();
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(environmentSchema.shape)) {
    const parsed = schema.safeParse(raw[name]);
    if (parsed.success) {
      if (parsed.data !== undefined) values[name] = parsed.data;
      continue;
    }
    invalid.add(name);
    problems.push(`${name}: ${[...new Set(parsed.error.issues.map((issue) => issue.message))].join('; ')}`);
  }
  return { values, invalid, problems };
}

/** The key source given (checked above), or, with none, a key this process makes up (development and test). */
function authSettings(e: EnvironmentVariables): AuthSettings {
  // Outside development and test a token must name this service as its audience, so that a token
  // made for another service sharing the key is refused (decision 0114).
  const shared = e.PROJ_ENV === 'staging' || e.PROJ_ENV === 'production';
  const audience = e.PROJ_AUTH_AUDIENCE ?? (shared ? e.PROJ_SERVICE_NAME : undefined);
  const common = { issuer: e.PROJ_AUTH_ISSUER, audience, clockSkewSeconds: e.PROJ_AUTH_CLOCK_SKEW_S };
  if (e.PROJ_AUTH_JWT_SECRET !== undefined) return { key: { kind: 'secret', secret: e.PROJ_AUTH_JWT_SECRET }, ...common };
  if (e.PROJ_AUTH_JWKS_URL !== undefined) return { key: { kind: 'jwks', url: e.PROJ_AUTH_JWKS_URL }, ...common };
  return { key: { kind: 'ephemeral' }, ...common };
}

function withDotenv(env: Env, dotenvPath: string | undefined): Env {
  const environment = env.PROJ_ENV ?? 'development';
  if (!dotenvPath || !['development', 'test'].includes(environment) || !existsSync(dotenvPath)) return env;
  return { ...parseEnv(readFileSync(dotenvPath, 'utf8')), ...env };
}

/** The URL with `password` as its password, percent-encoded as a URL needs it (any character may appear in it). */
function withPassword(url: string | undefined, password: string | undefined): string | undefined {
  if (url === undefined || password === undefined) return url;
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
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
