import { randomBytes } from 'node:crypto';

import {
  ALL_SCOPES,
  type CacheMetrics,
  type Clock,
  type CursorSigner,
  type HealthCheck,
  type HttpMetrics,
  type IdGenerator,
  type Logger,
  type MetricsExposition,
  type TokenVerifier,
  type UnitOfWork,
  type UserRepository,
} from '@proj/application';
import {
  HmacCursorSigner,
  JoseTokenVerifier,
  KyselyUnitOfWork,
  KyselyUserRepository,
  mintToken,
  PostgresHealthCheck,
  PrometheusMetrics,
  prepareSchema,
  SystemClock,
  UuidV7Generator,
  type Settings,
} from '@proj/infra';

import { connectDatabase, type Resource } from './connect-database.js';

/** Everything the use cases and the api need from the outside world, as ports. */
export interface Adapters {
  /** For reads, and for writes that are a single statement. */
  readonly users: UserRepository;
  /** For use cases whose writes take several statements: one transaction around them. */
  readonly uow: UnitOfWork;
  readonly cursors: CursorSigner;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly tokenVerifier: TokenVerifier;
  readonly healthChecks: readonly HealthCheck[];
  /** One registry for the process: request metrics, cache counters, pool gauges, `/metrics`. */
  readonly metrics: HttpMetrics & CacheMetrics & MetricsExposition;
}

export interface RunningAdapters extends Adapters {
  /**
   * Set only when no key is configured (development and test): a token with every scope, signed
   * with the key this process made up at start, for the developer to paste.
   */
  readonly developmentToken: string | undefined;
  /** Names of the resources not closed yet (`database pool`, `embedded PostgreSQL`), newest first. */
  openResources(): string[];
  /** Closes every resource, newest first, logging each with how long it took. */
  dispose(): Promise<void>;
}

const DEVELOPMENT_TOKEN_TTL_SECONDS = 24 * 60 * 60;

/** The only place that constructs infrastructure. */
export async function createAdapters(settings: Settings, logger: Logger): Promise<RunningAdapters> {
  const resources: Resource[] = [];
  const openResources = (): string[] => resources.map((resource) => resource.name).reverse();
  const dispose = async (): Promise<void> => {
    for (let resource = resources.pop(); resource; resource = resources.pop()) {
      const startedAt = performance.now();
      await resource.close();
      logger.info(`closed ${resource.name}`, { duration_ms: Math.round(performance.now() - startedAt) });
    }
  };
  try {
    const metrics = new PrometheusMetrics({ serviceName: settings.serviceName });
    const { db, resources: opened } = await connectDatabase(settings, logger, { metrics });
    resources.push(...opened);
    await prepareSchema(db, { migrateOnStart: settings.database.migrateOnStart, logger });
    const clock = new SystemClock();
    const { tokenVerifier, developmentToken } = await createTokenVerifier(settings.auth, clock);
    return {
      users: new KyselyUserRepository(db),
      uow: new KyselyUnitOfWork(db),
      // Development and test only (the settings require a shared key elsewhere): cursors then
      // do not survive a restart, and each process accepts only its own.
      cursors: settings.pagination.cursorSecret === undefined ? HmacCursorSigner.withRandomKey() : new HmacCursorSigner(settings.pagination.cursorSecret),
      clock,
      ids: new UuidV7Generator(),
      logger,
      tokenVerifier,
      healthChecks: [new PostgresHealthCheck(db)],
      metrics,
      openResources,
      developmentToken,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/**
 * The verifier for the configured key source. With none configured (settings allow that only in
 * development and test), a random HS256 key that lives as long as this process, and a token for it.
 */
async function createTokenVerifier(
  auth: Settings['auth'],
  clock: Clock,
): Promise<{ tokenVerifier: TokenVerifier; developmentToken: string | undefined }> {
  const { issuer, audience, clockSkewSeconds } = auth;
  if (auth.key.kind !== 'ephemeral') {
    return { tokenVerifier: new JoseTokenVerifier({ key: auth.key, issuer, audience, clockSkewSeconds, clock }), developmentToken: undefined };
  }
  const secret = randomBytes(32).toString('base64url');
  return {
    tokenVerifier: new JoseTokenVerifier({ key: { kind: 'secret', secret }, issuer, audience, clockSkewSeconds, clock }),
    developmentToken: await mintToken({
      secret,
      subject: 'developer',
      scopes: ALL_SCOPES,
      ttlSeconds: DEVELOPMENT_TOKEN_TTL_SECONDS,
      issuer,
      audience,
      now: clock.now(),
    }),
  };
}
