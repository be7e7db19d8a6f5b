import type { Clock, CursorSigner, HealthCheck, IdGenerator, Logger, UnitOfWork, UserRepository } from '@proj/application';
import {
  createDatabase,
  EmbeddedPostgres,
  HmacCursorSigner,
  KyselyUnitOfWork,
  KyselyUserRepository,
  PostgresHealthCheck,
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
}

export interface RunningAdapters extends Adapters {
  /** Closes the pool and stops the embedded database, if one was started. */
  dispose(): Promise<void>;
}

const EMBEDDED_DATABASE = 'proj';

/** The only place that constructs infrastructure. */
export async function createAdapters(settings: Settings, logger: Logger): Promise<RunningAdapters> {
  const disposers: Array<() => Promise<void>> = [];
  const dispose = async (): Promise<void> => {
    for (const disposer of disposers.reverse()) await disposer();
  };
  try {
    let url = settings.database.url;
    if (url === undefined) {
      const started = Date.now();
      const embedded = await EmbeddedPostgres.start({ dataDir: settings.database.dataDir });
      disposers.push(() => embedded.stop());
      url = await embedded.ensureDatabase(EMBEDDED_DATABASE);
      logger.info('embedded PostgreSQL started', { data_dir: settings.database.dataDir, url, duration_ms: Date.now() - started });
    }
    const db = createDatabase({ ...settings.database, url, logger });
    disposers.push(() => db.destroy());
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
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
