import { z } from 'zod';

const ENVIRONMENTS = ['development', 'test', 'staging', 'production'] as const;
const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

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
const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value), 'must be a postgres:// or postgresql:// URL');

/**
 * The environment variables the service reads, validated. Defaults that depend on the
 * environment (development vs. the rest) and rules across variables are applied in
 * `loadSettings`. Every key here must be documented in docs/configuration.md (a test checks it).
 */
export const environmentSchema = z.object({
  PROJ_ENV: oneOf(ENVIRONMENTS).default('development'),
  PROJ_SERVICE_NAME: z.string().min(1).default('proj'),
  PROJ_HOST: z.string().min(1).optional(),
  PROJ_PORT: integer(0, 65_535).optional(),
  PORT: integer(0, 65_535).optional(),
  PROJ_DATABASE_URL: postgresUrl.optional(),
  PROJ_DATA_DIR: z.string().min(1).default('.data'),
  PROJ_DATABASE_POOL_MAX: integer(1, 1_000).default(10),
  PROJ_DATABASE_STATEMENT_TIMEOUT_MS: integer(0, 600_000).default(5_000),
  PROJ_DATABASE_CONNECT_TIMEOUT_MS: integer(100, 600_000).default(2_000),
  PROJ_MIGRATE_ON_START: flag.optional(),
  PROJ_LOG_LEVEL: oneOf(LOG_LEVELS).default('info'),
  PROJ_LOG_FORMAT: oneOf(['json', 'pretty']).optional(),
  PROJ_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 100kb or 1mb')
    .default('100kb'),
  PROJ_SHUTDOWN_TIMEOUT_MS: integer(0, 600_000).default(10_000),
  PROJ_CURSOR_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
});

/** The names of every variable the service reads. */
export const SETTING_NAMES: readonly string[] = Object.keys(environmentSchema.shape);

export type Environment = (typeof ENVIRONMENTS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Validated, frozen configuration, passed down by constructor. */
export interface Settings {
  readonly env: Environment;
  readonly serviceName: string;
  readonly host: string;
  readonly port: number;
  readonly database: {
    /** Unset only in development: then an embedded PostgreSQL is started in `dataDir`. */
    readonly url: string | undefined;
    readonly dataDir: string;
    readonly poolMax: number;
    readonly statementTimeoutMs: number;
    readonly connectTimeoutMs: number;
    readonly migrateOnStart: boolean;
  };
  readonly log: { readonly level: LogLevel; readonly format: 'json' | 'pretty' };
  readonly http: {
    readonly bodyLimit: string;
    /** Check every response against the OpenAPI document: in development and test only. */
    readonly validateResponses: boolean;
  };
  /** How long a graceful shutdown may take before the process gives up and exits non-zero. */
  readonly shutdownTimeoutMs: number;
  readonly pagination: {
    /**
     * Key that signs pagination cursors; every instance must share it. Unset only in development
     * and test: then each process signs with a random key of its own.
     */
    readonly cursorSecret: string | undefined;
  };
}
