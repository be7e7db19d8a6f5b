import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';

import {
  SystemConfigCache,
  UserCache,
  withLock,
  type ArtifactRepository,
  type AssignmentMarginService,
  type CacheMetrics,
  type Clock,
  type CursorSigner,
  type DistributedLock,
  type IdGenerator,
  type Logger,
  type SubspaceRepository,
  type UnitOfWork,
  type UserRepository,
} from '@proj/application';
import {
  ALL_SCOPES,
  FallbackRateLimiter,
  LeasingRateLimiter,
  type HealthCheck,
  type HttpMetrics,
  type IdempotencyStore,
  type MetricsExposition,
  type RateLimiter,
  type TokenVerifier,
} from '@proj/application/edge';
import { DependencyUnavailableError } from '@proj/application/errors';
import {
  ensureEmbeddingDimension,
  HmacCursorSigner,
  InProcessCache,
  InProcessDistributedLock,
  InProcessIdempotencyStore,
  InProcessRateLimiter,
  JoseTokenVerifier,
  KyselyArtifactRepository,
  KyselyAssignmentMarginService,
  KyselySubspaceRepository,
  KyselySystemConfigSource,
  KyselyUnitOfWork,
  KyselyUserRepository,
  mintToken,
  PostgresHealthCheck,
  prepareSchema,
  PrometheusMetrics,
  purgeIdempotencyKeys,
  RedisCache,
  RedisConnection,
  RedisDistributedLock,
  RedisHealthCheck,
  RedisIdempotencyStore,
  RedisRateLimiter,
  SystemClock,
  UuidV7Generator,
  type Settings,
} from '@proj/infra';

import { connectDatabase, type DatabaseConnection, type Resource } from './connect-database.js';

/** Everything the use cases and the api need from the outside world, as ports. */
export interface Adapters {
  /** Users outside a transaction. */
  readonly users: UserRepository;
  readonly uow: UnitOfWork;
  /** The shared user cache, which the user use cases read through and update after their writes. */
  readonly userCache: UserCache;
  readonly cursors: CursorSigner;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly tokenVerifier: TokenVerifier;
  readonly healthChecks: readonly HealthCheck[];
  readonly idempotencyStore: IdempotencyStore;
  readonly rateLimiter: RateLimiter;
  readonly lock: DistributedLock;
  /** Runtime-tunable settings from the database, fail-soft. */
  readonly systemConfig: SystemConfigCache;
  /** Capture: artifacts and their signals, subspaces, and where a new artifact goes (the database decides each write). */
  readonly artifacts: ArtifactRepository;
  readonly subspaces: SubspaceRepository;
  readonly assignment: AssignmentMarginService;
  /** One registry for the process: request metrics, cache counters (the user cache's too), pool gauges, `/metrics`. */
  readonly metrics: HttpMetrics & CacheMetrics & MetricsExposition;
}

export interface RunningAdapters extends Adapters {
  /**
   * Set only when no key is configured (development and test): a token with every scope, signed
   * with the key this process made up at start, for the developer to paste.
   */
  readonly developmentToken: string | undefined;
  /** `redis` when instances coordinate through Redis; `in-process` for a single instance. */
  readonly coordination: 'redis' | 'in-process';
  /** Names of the resources not closed yet (`database pool`, `redis connection`), newest first. */
  openResources(): string[];
  /** Closes every resource, newest first, logging each with how long it took. */
  dispose(): Promise<void>;
}

const DEVELOPMENT_TOKEN_TTL_SECONDS = 24 * 60 * 60;
const MIGRATION_LOCK = { resource: 'schema-migrations', ttlMs: 30_000, waitMs: 300_000 };
const PURGE_LOCK = { resource: 'purge-idempotency-keys', ttlMs: 60_000 };
const PURGE_EVERY_MS = 60 * 60_000;
/** Bound on each dependency check run when /metrics is scraped (`dependency_up`). */
const DEPENDENCY_CHECK_TIMEOUT_MS = 2_000;

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
    const clock = new SystemClock();
    // A worker of a cluster answers /metrics with every worker's metrics, summed by the primary.
    const metrics = new PrometheusMetrics({ serviceName: settings.serviceName, clusterWorker: settings.workers > 1 && cluster.isWorker });
    const { db, resources: opened } = await connectDatabase(settings, logger, { metrics });
    resources.push(...opened);

    const coordination = createCoordination(settings, logger, clock);
    resources.push({
      name: coordination.kind === 'redis' ? 'redis connection' : 'in-process coordination',
      close: () => coordination.close(),
    });
    await coordination.connected;

    await runOnce(coordination.lock, MIGRATION_LOCK, { clock, logger }, () =>
      prepareSchema(db, { migrateOnStart: settings.database.migrateOnStart, logger }),
    );
    // The database checks every embedding against its dimension (decision 0083).
    await ensureEmbeddingDimension(db, settings.capture.embeddingDimension);

    const userCache = new UserCache({
      cache: coordination.cache,
      metrics,
      logger,
      clock,
      ttlMs: settings.cache.ttlSeconds * 1000,
      absentTtlMs: settings.cache.absentTtlSeconds * 1000,
    });
    const systemConfig = new SystemConfigCache({
      source: new KyselySystemConfigSource(db),
      clock,
      logger,
      ttlMs: settings.runtimeSettings.ttlSeconds * 1000,
    });
    await systemConfig.refresh();

    const purge = setInterval(() => void purgeExpiredKeys(db, coordination.lock, settings, { clock, logger }), PURGE_EVERY_MS);
    purge.unref();
    resources.push({ name: 'idempotency key purge', close: async () => clearInterval(purge) });

    const healthChecks = [new PostgresHealthCheck(db), ...coordination.healthChecks];
    metrics.trackDependencies(healthChecks, DEPENDENCY_CHECK_TIMEOUT_MS);

    const { tokenVerifier, developmentToken } = await createTokenVerifier(settings.auth, clock);
    return {
      users: new KyselyUserRepository(db),
      uow: new KyselyUnitOfWork(db),
      userCache,
      // Development and test only (the settings require a shared key elsewhere): cursors then
      // do not survive a restart, and each process accepts only its own.
      cursors:
        settings.pagination.cursorSecret === undefined
          ? HmacCursorSigner.withRandomKey()
          : new HmacCursorSigner(settings.pagination.cursorSecret),
      clock,
      ids: new UuidV7Generator(),
      logger,
      tokenVerifier,
      healthChecks,
      idempotencyStore: coordination.idempotencyStore,
      rateLimiter: coordination.rateLimiter,
      lock: coordination.lock,
      systemConfig,
      artifacts: new KyselyArtifactRepository(db),
      subspaces: new KyselySubspaceRepository(db),
      assignment: new KyselyAssignmentMarginService(db),
      metrics,
      coordination: coordination.kind,
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
    return {
      tokenVerifier: new JoseTokenVerifier({ key: auth.key, issuer, audience, clockSkewSeconds, clock }),
      developmentToken: undefined,
    };
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

interface Coordination {
  readonly kind: 'redis' | 'in-process';
  readonly cache: InProcessCache | RedisCache;
  readonly idempotencyStore: IdempotencyStore;
  readonly rateLimiter: RateLimiter;
  readonly lock: DistributedLock;
  readonly healthChecks: readonly HealthCheck[];
  /** Resolves once Redis answered or its connect timeout passed: the service starts either way. */
  readonly connected: Promise<unknown>;
  close(): Promise<void>;
}

/** Redis adapters when PROJ_REDIS_URL is set, in-process ones (single instance) otherwise. */
function createCoordination(settings: Settings, logger: Logger, clock: Clock): Coordination {
  const { url, keyPrefix, commandTimeoutMs, connectTimeoutMs } = settings.redis;
  if (url === undefined) {
    logger.warn('PROJ_REDIS_URL is not set: cache, rate limits, idempotency keys and locks are in-process. Run a single instance only.');
    return {
      kind: 'in-process',
      cache: new InProcessCache(clock),
      idempotencyStore: new InProcessIdempotencyStore(clock),
      rateLimiter: new InProcessRateLimiter(clock),
      lock: new InProcessDistributedLock(clock),
      healthChecks: [],
      connected: Promise.resolve(),
      close: async () => undefined,
    };
  }
  const redis = RedisConnection.open({ url, connectTimeoutMs, commandTimeoutMs, logger });
  return {
    kind: 'redis',
    cache: new RedisCache(redis, keyPrefix),
    idempotencyStore: new RedisIdempotencyStore(redis, keyPrefix),
    // Busy callers spend leased tokens without a round trip (decision 0063); a lease taken while
    // Redis is down comes from this instance's fallback bucket.
    rateLimiter: new LeasingRateLimiter({
      shared: new FallbackRateLimiter({ shared: new RedisRateLimiter(redis, keyPrefix), local: new InProcessRateLimiter(clock), logger }),
      clock,
    }),
    lock: new RedisDistributedLock(redis, keyPrefix),
    healthChecks: [new RedisHealthCheck(redis)],
    connected: redis.ready(connectTimeoutMs),
    close: () => redis.close(),
  };
}

/**
 * Runs `work` under the distributed lock, so that instances booting together take turns. When
 * the lock store is unreachable the work runs anyway: it must be safe concurrently on its own
 * (Kysely's migrator serialises itself with a lock table), the lock only spares the contention.
 */
async function runOnce<T>(
  lock: DistributedLock,
  options: { readonly resource: string; readonly ttlMs: number; readonly waitMs: number },
  deps: { readonly clock: Clock; readonly logger: Logger },
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await withLock(
      lock,
      options.resource,
      { ...options, clock: deps.clock, onLost: () => deps.logger.warn('lock lost while held', { lock: options.resource }) },
      work,
    );
  } catch (error) {
    if (!(error instanceof DependencyUnavailableError)) throw error;
    deps.logger.warn('lock store unavailable; running without the distributed lock', { lock: options.resource });
    return work();
  }
}

/** Deletes idempotency keys past their retention; one instance at a time, skipped when another is at it. */
async function purgeExpiredKeys(
  db: DatabaseConnection['db'],
  lock: DistributedLock,
  settings: Settings,
  deps: { readonly clock: Clock; readonly logger: Logger },
): Promise<void> {
  try {
    await withLock(lock, PURGE_LOCK.resource, { ...PURGE_LOCK, waitMs: 0, clock: deps.clock }, async () => {
      const before = new Date(deps.clock.now().getTime() - settings.idempotency.retentionSeconds * 1000);
      const purged = await purgeIdempotencyKeys(db, before);
      if (purged > 0) deps.logger.info('expired idempotency keys purged', { purged });
    });
  } catch (error) {
    deps.logger.debug('idempotency key purge skipped', { reason: error instanceof Error ? error.message : String(error) });
  }
}
