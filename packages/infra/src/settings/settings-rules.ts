import { MIN_JWT_SECRET_BYTES, type EnvironmentVariables } from './settings.js';

type Variables = EnvironmentVariables;
type Name = keyof Variables;

/** `serve`: the HTTP service. `database-commands`: a migrate job, which needs only the database. */
export type SettingsPurpose = 'serve' | 'database-commands';

interface RuleContext {
  readonly purpose: SettingsPurpose;
  /** Variables already reported, by their own parse or an earlier rule of the table. */
  readonly reported: ReadonlySet<string>;
}

/**
 * A rule across variables, on their parsed values. It is skipped when one of the variables it
 * `reads` did not parse (that variable is reported on its own), so a rule never sees a raw value.
 */
export interface SettingsRule<K extends Name = Name> {
  /** The variable a broken rule is reported under. */
  readonly variable: Name;
  readonly reads: readonly K[];
  /** @returns what is wrong, or `undefined` when the rule holds. */
  check(values: Pick<Variables, K>, context: RuleContext): string | undefined;
}

const rule = <K extends Name>(definition: SettingsRule<K>): SettingsRule => definition;
const sharedEnvironment = (env: string): boolean => env === 'staging' || env === 'production';

/** Every rule that involves more than one variable, in the order their problems are listed. */
export const SETTINGS_RULES: readonly SettingsRule[] = [
  rule({
    variable: 'PROJ_DATABASE_URL',
    reads: ['PROJ_ENV', 'PROJ_DATABASE_URL'],
    check: (v) =>
      v.PROJ_ENV !== 'development' && v.PROJ_DATABASE_URL === undefined
        ? `required when PROJ_ENV is ${v.PROJ_ENV} (the embedded database is for development only)`
        : undefined,
  }),
  rule({
    variable: 'PROJ_DATABASE_PASSWORD',
    reads: ['PROJ_DATABASE_URL', 'PROJ_DATABASE_PASSWORD'],
    check: (v) =>
      v.PROJ_DATABASE_PASSWORD !== undefined && v.PROJ_DATABASE_URL === undefined
        ? "needs PROJ_DATABASE_URL (it is the password of that URL's user)"
        : undefined,
  }),
  rule({
    variable: 'PROJ_CURSOR_SECRET',
    reads: ['PROJ_ENV', 'PROJ_CURSOR_SECRET'],
    check: (v, { purpose }) =>
      purpose === 'serve' && v.PROJ_ENV !== 'development' && v.PROJ_ENV !== 'test' && v.PROJ_CURSOR_SECRET === undefined
        ? `required when PROJ_ENV is ${v.PROJ_ENV} (signs pagination cursors; every instance needs the same one)`
        : undefined,
  }),
  rule({
    variable: 'PROJ_AUTH_JWT_SECRET',
    reads: ['PROJ_AUTH_JWT_SECRET', 'PROJ_AUTH_JWKS_URL'],
    check: (v) =>
      v.PROJ_AUTH_JWT_SECRET !== undefined && v.PROJ_AUTH_JWKS_URL !== undefined
        ? 'set either it or PROJ_AUTH_JWKS_URL, not both'
        : undefined,
  }),
  rule({
    variable: 'PROJ_AUTH_JWT_SECRET',
    reads: ['PROJ_ENV', 'PROJ_AUTH_JWT_SECRET', 'PROJ_AUTH_JWKS_URL'],
    // The database commands verify no token.
    check: (v, { purpose }) =>
      purpose === 'serve' && sharedEnvironment(v.PROJ_ENV) && v.PROJ_AUTH_JWT_SECRET === undefined && v.PROJ_AUTH_JWKS_URL === undefined
        ? `required when PROJ_ENV is ${v.PROJ_ENV}; set it (at least ${MIN_JWT_SECRET_BYTES} bytes) or PROJ_AUTH_JWKS_URL`
        : undefined,
  }),
  rule({
    variable: 'PROJ_AUTH_JWKS_URL',
    reads: ['PROJ_ENV', 'PROJ_AUTH_JWT_SECRET', 'PROJ_AUTH_JWKS_URL'],
    check: (v) =>
      sharedEnvironment(v.PROJ_ENV) && v.PROJ_AUTH_JWT_SECRET === undefined && v.PROJ_AUTH_JWKS_URL?.startsWith('http://')
        ? `must be an https:// URL when PROJ_ENV is ${v.PROJ_ENV}`
        : undefined,
  }),
  rule({
    variable: 'PROJ_AUTH_AUDIENCE',
    reads: ['PROJ_ENV', 'PROJ_AUTH_JWT_SECRET', 'PROJ_AUTH_JWKS_URL', 'PROJ_AUTH_AUDIENCE'],
    check: (v) =>
      sharedEnvironment(v.PROJ_ENV) &&
      v.PROJ_AUTH_JWT_SECRET === undefined &&
      v.PROJ_AUTH_JWKS_URL !== undefined &&
      v.PROJ_AUTH_AUDIENCE === undefined
        ? `required with PROJ_AUTH_JWKS_URL when PROJ_ENV is ${v.PROJ_ENV}, so that tokens the issuer made for other services are refused`
        : undefined,
  }),
  rule({
    variable: 'PROJ_CONCURRENCY_PER_CALLER',
    reads: ['PROJ_CONCURRENCY_PER_CALLER', 'PROJ_DATABASE_POOL_MAX'],
    check: (v) =>
      v.PROJ_CONCURRENCY_PER_CALLER !== undefined &&
      v.PROJ_DATABASE_POOL_MAX > 1 &&
      v.PROJ_CONCURRENCY_PER_CALLER >= v.PROJ_DATABASE_POOL_MAX
        ? `must be below PROJ_DATABASE_POOL_MAX (${v.PROJ_DATABASE_POOL_MAX}), so that one caller cannot hold every database connection (0 turns the bound off)`
        : undefined,
  }),
  rule({
    variable: 'PROJ_REDIS_URL',
    reads: ['PROJ_ENV', 'PROJ_REDIS_URL'],
    check: (v, { purpose }) =>
      purpose === 'serve' && sharedEnvironment(v.PROJ_ENV) && v.PROJ_REDIS_URL === undefined
        ? `required when PROJ_ENV is ${v.PROJ_ENV} (the in-process adapters serve a single instance only)`
        : undefined,
  }),
  rule({
    variable: 'PROJ_METRICS_PORT',
    reads: ['PROJ_METRICS_PORT', 'PROJ_PORT', 'PORT'],
    check: (v) => {
      const port = v.PROJ_PORT ?? v.PORT ?? 3000;
      // Port 0 picks a free port for each listener, so two zeros never collide.
      return v.PROJ_METRICS_PORT !== undefined && v.PROJ_METRICS_PORT !== 0 && v.PROJ_METRICS_PORT === port
        ? `must differ from the API's port (${port}): it is the port of a second listener that serves /metrics alone`
        : undefined;
    },
  }),
  rule({
    variable: 'PROJ_WORKERS',
    reads: ['PROJ_WORKERS', 'PROJ_DATABASE_URL', 'PROJ_CURSOR_SECRET', 'PROJ_AUTH_JWT_SECRET', 'PROJ_AUTH_JWKS_URL', 'PROJ_REDIS_URL'],
    check: (v, { purpose, reported }) => {
      const workers = v.PROJ_WORKERS;
      if (purpose !== 'serve' || workers <= 1) return undefined;
      const needs: ReadonlyArray<readonly [name: Name, missing: boolean, what: string]> = [
        ['PROJ_DATABASE_URL', v.PROJ_DATABASE_URL === undefined, 'PROJ_DATABASE_URL (the embedded database serves a single process)'],
        [
          'PROJ_CURSOR_SECRET',
          v.PROJ_CURSOR_SECRET === undefined,
          'PROJ_CURSOR_SECRET (a cursor from one worker must be accepted by the others)',
        ],
        [
          'PROJ_AUTH_JWT_SECRET',
          v.PROJ_AUTH_JWT_SECRET === undefined && v.PROJ_AUTH_JWKS_URL === undefined,
          'PROJ_AUTH_JWT_SECRET or PROJ_AUTH_JWKS_URL (one token key for every worker)',
        ],
        [
          'PROJ_REDIS_URL',
          v.PROJ_REDIS_URL === undefined,
          'PROJ_REDIS_URL (the in-process cache, rate limits and idempotency keys serve a single process)',
        ],
      ];
      // Keys a process would otherwise make up for itself: every worker must accept what another
      // issued. What the environment requires anyway is already reported under its own name.
      const missing = needs.filter(([name, isMissing]) => isMissing && !reported.has(name)).map(([, , what]) => what);
      return missing.length === 0 ? undefined : `more than one worker needs ${missing.join(', ')}`;
    },
  }),
  rule({
    variable: 'PROJ_LEGACY_SHADOW_READS',
    reads: ['PROJ_LEGACY_SHADOW_READS', 'PROJ_LEGACY_BASE_URL'],
    check: (v) =>
      v.PROJ_LEGACY_SHADOW_READS && v.PROJ_LEGACY_BASE_URL === undefined
        ? 'needs PROJ_LEGACY_BASE_URL (the legacy backend the reads are replayed to)'
        : undefined,
  }),
];

/**
 * The problems of `values` under {@link SETTINGS_RULES}, as `NAME: problem` lines. `invalid` names
 * the variables that did not parse: the rules that read one of them are skipped.
 */
export function checkSettingsRules(values: Partial<Variables>, invalid: ReadonlySet<string>, purpose: SettingsPurpose): string[] {
  const reported = new Set(invalid);
  const problems: string[] = [];
  for (const rule of SETTINGS_RULES) {
    if (rule.reads.some((name) => invalid.has(name))) continue;
    const problem = rule.check(values as Variables, { purpose, reported });
    if (problem === undefined) continue;
    problems.push(`${rule.variable}: ${problem}`);
    reported.add(rule.variable);
  }
  return problems;
}
