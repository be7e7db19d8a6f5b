import { z } from 'zod';

import type { LogLevel } from '@proj/application';

import { autoWorkers } from './auto-workers.js';

const ENVIRONMENTS = ['development', 'test', 'staging', 'production'] as const;
const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const satisfies readonly LogLevel[];

/** A whole number written in decimal, within bounds; `0x10`, `1e3` and `12.5` are refused. */
const integer = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .trim()
    .regex(/^-?\d+$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message));
};
const flag = z.enum(['true', 'false', '1', '0'], 'must be true or false').transform((value) => value === 'true' || value === '1');
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, `must be one of ${values.join(', ')}`);
const httpUrl = z
  .string()
  .refine((value) => /^https?:\/\/[^\s]+$/.test(value) && URL.canParse(value), 'must be an http:// or https:// URL');
const redisUrl = z.string().refine((value) => /^rediss?:\/\/[^\s]+$/.test(value), 'must be a redis:// or rediss:// URL');
const trustProxy = z
  .string()
  .regex(/^(true|false|\d{1,2})$/, 'must be true, false or a number of proxy hops')
  .transform((value) => (value === 'true' ? true : value === 'false' ? false : Number(value)));
/** `auto` (one per core but one, or per CPU of a container's limit: `autoWorkers`) or a count of processes. */
const workerCount = z
  .string()
  .trim()
  .regex(/^(auto|\d{1,3})$/, 'must be auto or a whole number from 1 to 64')
  .refine((value) => value === 'auto' || (Number(value) >= 1 && Number(value) <= 64), 'must be auto or a whole number from 1 to 64')
  // Resolved here, once: the cores and the container's CPU limit are read when the settings are parsed.
  .transform((value) => (value === 'auto' ? autoWorkers() : Number(value)));
/** A comma-separated list, its items trimmed and empty ones dropped; each must satisfy `valid`, or `message` is the problem. */
const commaSeparated = (valid: (item: string) => boolean, message: string) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    )
    .refine((items) => items.every(valid), message);
const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value), 'must be a postgres:// or postgresql:// URL')
  .refine(
    (value) => URL.canParse(value),
    'does not parse as a URL: percent-encode reserved characters in the user name and password (/ as %2F, @ as %40), or set the password apart in PROJ_DATABASE_PASSWORD',
  );

/** HS256 keys shorter than the hash output are weak (RFC 7518 §3.2 asks for at least 256 bits). */
export const MIN_JWT_SECRET_BYTES = 32;

/**
 * The environment variables the service reads, validated. Defaults that depend on the
 * environment (development vs. the rest) are applied in `loadSettings`, and the rules across
 * variables are the table in `settings-rules.ts`. Every key here must be documented in
 * docs/configuration.md (a test checks it).
 */
export const environmentSchema = z.object({
  PROJ_ENV: oneOf(ENVIRONMENTS).default('development'),
  PROJ_SERVICE_NAME: z.string().min(1).default('proj'),
  PROJ_HOST: z.string().min(1).optional(),
  PROJ_PORT: integer(0, 65_535).optional(),
  PORT: integer(0, 65_535).optional(),
  PROJ_DATABASE_URL: postgresUrl.optional(),
  PROJ_DATABASE_PASSWORD: z.string().min(1).optional(),
  PROJ_DATA_DIR: z.string().min(1).default('.data'),
  PROJ_DATABASE_POOL_MAX: integer(1, 1_000).default(10),
  PROJ_DATABASE_STATEMENT_TIMEOUT_MS: integer(0, 600_000).default(5_000),
  PROJ_DATABASE_CONNECT_TIMEOUT_MS: integer(100, 600_000).default(2_000),
  PROJ_DATABASE_PREPARED_STATEMENTS: flag.default(true),
  PROJ_MIGRATE_ON_START: flag.optional(),
  PROJ_LOG_LEVEL: oneOf(LOG_LEVELS).default('info'),
  PROJ_LOG_FORMAT: oneOf(['json', 'pretty']).optional(),
  PROJ_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 100kb or 1mb')
    .default('100kb'),
  PROJ_SHUTDOWN_TIMEOUT_MS: integer(0, 600_000).default(10_000),
  PROJ_HTTP_MAX_CONNECTIONS: integer(0, 1_000_000).default(10_000),
  PROJ_METRICS_PORT: integer(0, 65_535).optional(),
  PROJ_CURSOR_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PROJ_CORS_ORIGINS: commaSeparated(
    isOrigin,
    'must be a comma-separated list of origins such as https://app.example.com (scheme, host and optional port; no path, no *)',
  ).optional(),
  // Which of the two, and what the environment requires, is checked in loadSettings.
  PROJ_AUTH_JWT_SECRET: z
    .string()
    .refine(
      (secret) => Buffer.byteLength(secret, 'utf8') >= MIN_JWT_SECRET_BYTES,
      `too weak, must be at least ${MIN_JWT_SECRET_BYTES} bytes (e.g. the output of: openssl rand -base64 48)`,
    )
    .optional(),
  PROJ_AUTH_JWKS_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  PROJ_AUTH_ISSUER: z.string().min(1).optional(),
  PROJ_AUTH_AUDIENCE: z.string().min(1).optional(),
  PROJ_AUTH_CLOCK_SKEW_S: integer(0, 300).default(30),
  PROJ_TRUST_PROXY: trustProxy.default(false),
  PROJ_REDIS_URL: redisUrl.optional(),
  PROJ_REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{0,64}$/, 'must be at most 64 of A-Z a-z 0-9 . _ : -')
    .default('proj:'),
  PROJ_REDIS_COMMAND_TIMEOUT_MS: integer(10, 60_000).default(250),
  PROJ_REDIS_CONNECT_TIMEOUT_MS: integer(100, 60_000).default(2_000),
  PROJ_CACHE_TTL_SECONDS: integer(0, 86_400).default(60),
  PROJ_CACHE_ABSENT_TTL_SECONDS: integer(0, 3_600).default(5),
  PROJ_IDEMPOTENCY_RETENTION_SECONDS: integer(86_400, 30 * 86_400).default(86_400),
  PROJ_IDEMPOTENCY_LEASE_SECONDS: integer(1, 3_600).default(60),
  PROJ_RATE_LIMIT_PER_MINUTE: integer(0, 1_000_000).default(600),
  PROJ_CONCURRENCY_PER_CALLER: integer(0, 10_000).optional(),
  PROJ_QUEUE_PER_CALLER: integer(0, 100_000).default(100),
  PROJ_RUNTIME_SETTINGS_TTL_SECONDS: integer(1, 3_600).default(30),
  PROJ_CAPTURE_EMBEDDING_DIMENSION: integer(1, 4_096).default(384),
  // Standard OpenTelemetry variables: these three decide whether tracing starts at all; the SDK
  // reads the others (service name, sampler, headers, batching) itself.
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
  OTEL_SDK_DISABLED: flag.default(false),
  PROJ_WORKERS: workerCount.default(1),
  PROJ_LEGACY_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .refine((value) => !/[?#]/.test(value), 'must have no query or fragment (the request path is appended to it)')
    .optional(),
  PROJ_LEGACY_TIMEOUT_MS: integer(1, 600_000).default(10_000),
  PROJ_LEGACY_SHADOW_READS: flag.default(false),
  PROJ_LEGACY_SHADOW_IGNORED_FIELDS: commaSeparated(
    (path) => /^([A-Za-z0-9_-]+|\*)(\.([A-Za-z0-9_-]+|\*))*$/.test(path),
    'must be a comma-separated list of dot-separated field paths, * for any one segment (items.*.updated_at)',
  ).optional(),
  PROJ_LEGACY_SHADOW_MAX_IN_FLIGHT: integer(1, 10_000).default(16),
});

/** The names of every variable the service reads. */
export const SETTING_NAMES: readonly string[] = Object.keys(environmentSchema.shape);

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** The variables as parsed, before the defaults that depend on the environment. */
export type EnvironmentVariables = z.infer<typeof environmentSchema>;

export type Environment = (typeof ENVIRONMENTS)[number];
export type { LogLevel };

/** Validated, frozen configuration, passed down by constructor. */
export interface Settings {
  readonly env: Environment;
  readonly serviceName: string;
  readonly host: string;
  readonly port: number;
  /**
   * Server processes sharing the port (node:cluster); 1 runs the server in this process. `auto`
   * is resolved by `autoWorkers` (cores and any container CPU limit) when the settings are loaded.
   */
  readonly workers: number;
  readonly database: {
    /** Unset only in development: then an embedded PostgreSQL is started in `dataDir`. */
    readonly url: string | undefined;
    readonly dataDir: string;
    readonly poolMax: number;
    readonly statementTimeoutMs: number;
    readonly connectTimeoutMs: number;
    /** Statements with parameters run as named prepared statements; off behind a transaction-mode pooler. */
    readonly preparedStatements: boolean;
    readonly migrateOnStart: boolean;
  };
  readonly log: { readonly level: LogLevel; readonly format: 'json' | 'pretty' };
  readonly http: {
    readonly bodyLimit: string;
    /** Check every response against the OpenAPI document: in development and test only. */
    readonly validateResponses: boolean;
    /** Origins allowed to call the API from a browser; empty: no cross-origin access. */
    readonly corsOrigins: readonly string[];
    /** Express `trust proxy`: false, true, or how many proxies in front set X-Forwarded-For. */
    readonly trustProxy: boolean | number;
    /** Open connections one process accepts; more are closed at once. 0: no cap. */
    readonly maxConnections: number;
    /**
     * Port of a second listener (on `host`) that alone serves `GET /metrics`; the API's listener then
     * answers it 404. Unset: `/metrics` is served by the API's listener.
     */
    readonly metricsPort: number | undefined;
  };
  readonly auth: AuthSettings;
  /** How long a graceful shutdown may take before the process gives up and exits non-zero. */
  readonly shutdownTimeoutMs: number;
  readonly pagination: {
    /**
     * Key that signs pagination cursors; every instance must share it. Unset only in development
     * and test: then each process signs with a random key of its own.
     */
    readonly cursorSecret: string | undefined;
  };
  readonly redis: {
    /** Unset only in development and test: then in-process adapters serve a single instance. */
    readonly url: string | undefined;
    /** Put before every key, so that several services (or test runs) can share one Redis. */
    readonly keyPrefix: string;
    /** A command not answered within this fails, and the caller falls back (see decision 0046). */
    readonly commandTimeoutMs: number;
    readonly connectTimeoutMs: number;
  };
  readonly cache: {
    /** How long a user stays cached; 0 turns the cache off. */
    readonly ttlSeconds: number;
    /** How long "no such user" stays cached; 0 never caches absence. */
    readonly absentTtlSeconds: number;
  };
  readonly idempotency: {
    /** How long a key and its response are kept (at least 24 h). */
    readonly retentionSeconds: number;
    /** How long a reservation lasts if its request never finishes (the process died). */
    readonly leaseSeconds: number;
  };
  readonly rateLimit: {
    /** Requests per minute per caller; 0 turns limiting off. A runtime setting may override it. */
    readonly perMinute: number;
    /** Requests of one caller served at once by an instance (default half its pool); 0: no bound. */
    readonly concurrentPerCaller: number;
    /** Requests of one caller that may wait for one of those places before more are refused. */
    readonly waitingPerCaller: number;
  };
  readonly runtimeSettings: {
    /** How long runtime settings read from the database are served before being read again. */
    readonly ttlSeconds: number;
  };
  /** The legacy backend this service replaces gradually (strangler coexistence). */
  readonly legacy: {
    /** Requests no route of this service matches are forwarded there; unset: none are (404). */
    readonly baseUrl: string | undefined;
    /** How long the legacy backend has to start answering a forwarded request (then 504), or a shadow read. */
    readonly timeoutMs: number;
    /** Replay GETs answered here to the legacy backend in the background and compare the answers. */
    readonly shadowReads: {
      readonly enabled: boolean;
      /** Field paths that may differ (`items.*.updated_at`). */
      readonly ignoredFields: readonly string[];
      /** Replays in flight at most; more are dropped (and counted). */
      readonly maxInFlight: number;
    };
  };
  readonly capture: {
    /** Length of every embedding and centroid; the database holds it too and refuses another while vectors are stored. */
    readonly embeddingDimension: number;
  };
  readonly telemetry: {
    /**
     * Whether to trace with OpenTelemetry: an OTLP endpoint is set (`OTEL_EXPORTER_OTLP_ENDPOINT`
     * or `…_TRACES_ENDPOINT`) and `OTEL_SDK_DISABLED` is not true. Off, the SDK is not even loaded.
     */
    readonly tracing: boolean;
  };
}

/**
 * Where bearer tokens' signing keys come from: a shared HS256 secret, a remote JWKS (asymmetric
 * keys, rotated by the issuer), or, in development and test with neither configured, a key made up
 * at start and used only by this process.
 */
export type AuthKeySource =
  { readonly kind: 'secret'; readonly secret: string } | { readonly kind: 'jwks'; readonly url: string } | { readonly kind: 'ephemeral' };

export interface AuthSettings {
  readonly key: AuthKeySource;
  /** Required `iss` of every token, when set. */
  readonly issuer: string | undefined;
  /** Required `aud` of every token, when set. */
  readonly audience: string | undefined;
  /** Tolerance applied to `exp` and `nbf`. */
  readonly clockSkewSeconds: number;
}
