import type { Logger } from '@proj/application';
import { createDatabase, type DatabaseOptions, type Settings } from '@proj/infra';

/** Something opened that must be closed, named for the shutdown log. */
export interface Resource {
  readonly name: string;
  close(): Promise<void>;
}

/** An open connection pool to the configured database, and what was opened to get it. */
export interface DatabaseConnection {
  readonly db: ReturnType<typeof createDatabase>;
  /** Where it points, without any password: safe to print. */
  readonly displayUrl: string;
  /** In the order they were opened (`embedded PostgreSQL`, `database pool`): close them newest first. */
  readonly resources: readonly Resource[];
  /** Closes every resource, newest first. */
  dispose(): Promise<void>;
}

/** The embedded server's database for the service (the server and `pnpm db:*` share it). */
const EMBEDDED_DATABASE = 'proj';

/**
 * Opens the database of `settings`: `PROJ_DATABASE_URL`, or in development (when it is unset) the
 * embedded PostgreSQL in `PROJ_DATA_DIR`, started or, when another process runs it, shared.
 * `statementTimeoutMs` overrides the configured one (0: none, for migrations). On failure,
 * whatever was opened is closed again.
 */
export async function connectDatabase(
  settings: Settings,
  logger: Logger,
  options: { readonly statementTimeoutMs?: number; readonly metrics?: DatabaseOptions['metrics'] } = {},
): Promise<DatabaseConnection> {
  const resources: Resource[] = [];
  const dispose = async (): Promise<void> => {
    for (let resource = resources.pop(); resource; resource = resources.pop()) await resource.close();
  };
  try {
    let url = settings.database.url;
    if (url === undefined) {
      const started = Date.now();
      // Loaded only here, so that a production process (which has a URL) never loads dev-only code.
      const { EmbeddedPostgres } = await import('@proj/infra/dev');
      const embedded = await EmbeddedPostgres.start({ dataDir: settings.database.dataDir });
      resources.push({ name: 'embedded PostgreSQL', close: () => embedded.stop() });
      url = await embedded.ensureDatabase(EMBEDDED_DATABASE);
      logger.info('embedded PostgreSQL started', { data_dir: settings.database.dataDir, url, duration_ms: Date.now() - started });
    }
    const db = createDatabase({ ...settings.database, ...options, url, logger });
    resources.push({ name: 'database pool', close: () => db.destroy() });
    return { db, displayUrl: withoutPassword(url), resources: [...resources], dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** The URL with its password, if any, replaced by `***`: safe to print or log. */
export function withoutPassword(url: string): string {
  if (!URL.canParse(url)) return '(a URL that does not parse)';
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
