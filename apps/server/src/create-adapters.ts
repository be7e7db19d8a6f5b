import type {
  CacheMetrics,
  Clock,
  CursorSigner,
  HealthCheck,
  HttpMetrics,
  IdGenerator,
  Logger,
  MetricsExposition,
  UnitOfWork,
  UserRepository,
} from '@proj/application';
import {
  createDatabase,
  EmbeddedPostgres,
  HmacCursorSigner,
  KyselyUnitOfWork,
  KyselyUserRepository,
  PostgresHealthCheck,
  PrometheusMetrics,
  prepareSchema,
  SystemClock,
  UuidV7Generator,
  type Settings,
} from '@proj/infra';

/** Everything the use cases and the api need from the outside world, as ports. */
export interface Adapters {
  readonly users: UserRepository;
  readonly uow: UnitOfWork;
  readonly cursors: CursorSigner;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly healthChecks: readonly HealthCheck[];
  /** One registry for the process: request metrics, cache counters, pool gauges, `/metrics`. */
  readonly metrics: HttpMetrics & CacheMetrics & MetricsExposition;
}

export interface RunningAdapters extends Adapters {
  /** Names of the resources not closed yet (`database pool`, `embedded PostgreSQL`), newest first. */
  openResources(): string[];
  /** Closes every resource, newest first, logging each with how long it took. */
  dispose(): Promise<void>;
}

interface Resource {
  readonly name: string;
  close(): Promise<void>;
}

const EMBEDDED_DATABASE = 'proj';

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
    let url = settings.database.url;
    if (url === undefined) {
      const started = Date.now();
      const embedded = await EmbeddedPostgres.start({ dataDir: settings.database.dataDir });
      resources.push({ name: 'embedded PostgreSQL', close: () => embedded.stop() });
      url = await embedded.ensureDatabase(EMBEDDED_DATABASE);
      logger.info('embedded PostgreSQL started', { data_dir: settings.database.dataDir, url, duration_ms: Date.now() - started });
    }
    const metrics = new PrometheusMetrics({ serviceName: settings.serviceName });
    const db = createDatabase({ ...settings.database, url, logger, metrics });
    resources.push({ name: 'database pool', close: () => db.destroy() });
    await prepareSchema(db, { migrateOnStart: settings.database.migrateOnStart, logger });
    return {
      users: new KyselyUserRepository(db),
      uow: new KyselyUnitOfWork(db),
      // Development and test only (the settings require a shared key elsewhere): cursors then
      // do not survive a restart, and each process accepts only its own.
      cursors: settings.pagination.cursorSecret === undefined ? HmacCursorSigner.withRandomKey() : new HmacCursorSigner(settings.pagination.cursorSecret),
      clock: new SystemClock(),
      ids: new UuidV7Generator(),
      logger,
      healthChecks: [new PostgresHealthCheck(db)],
      metrics,
      openResources,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
