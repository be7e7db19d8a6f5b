import cluster from 'node:cluster';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import type { RequestScope } from '@proj/api';
import { DependencyUnavailableError } from '@proj/application/errors';
import { mapUnavailable, MigrationFailedError, SchemaMismatchError, type Settings, type WinstonLogger } from '@proj/infra';

import { buildServer } from './build-server.js';
import { createAdapters, type RunningAdapters } from './create-adapters.js';
import { startHttpServer } from './start-http-server.js';

/**
 * Runs the server in this process, alone (PROJ_WORKERS=1) or as one worker of the cluster:
 * adapters, app, listen, and the graceful shutdown on signals. `startedAt` is when the process began;
 * every request runs in `requestScope`, whose fields the root logger adds to each line.
 */
export async function serve(
  settings: Settings,
  rootLogger: WinstonLogger,
  startedAt: number,
  options: {
    readonly requestScope: RequestScope;
    /** Started tracing, flushed and stopped once the resources are closed. */
    readonly tracing?: { shutdown(): Promise<void> } | undefined;
  },
): Promise<void> {
  const { requestScope, tracing } = options;
  const logger = cluster.isWorker ? rootLogger.child({ worker: cluster.worker?.id }) : rootLogger;

  let adapters: RunningAdapters;
  try {
    adapters = await createAdapters(settings, logger);
  } catch (error) {
    // Refusals an operator must act on are one line with no stack; anything else keeps its stack.
    const refusal = describeRefusal(error);
    if (refusal !== undefined) logger.error(`cannot start: ${refusal}`);
    else logger.error(`cannot start: ${error instanceof Error ? error.message : String(error)}`, { error });
    await rootLogger.close();
    process.exit(1);
  }

  let draining = false;
  const app = buildServer(adapters, settings, { isDraining: () => draining, requestScope });
  const http = await startHttpServer(app, settings.host, settings.port, { logger });
  const { port } = http.server.address() as AddressInfo;
  const base = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
  logger.info(`listening on ${base} (docs: ${base}/docs, ReDoc: ${base}/redoc, OpenAPI: ${base}/openapi.json)`, {
    startup_ms: Math.round(performance.now() - startedAt),
  });
  if (adapters.developmentToken !== undefined) {
    // Deliberately not through the logger, which masks tokens: this one is for the developer to copy,
    // or to read from a file readable by its owner only (TOKEN=$(cat .data/dev-token)).
    const tokenFile = join(settings.database.dataDir, 'dev-token');
    mkdirSync(settings.database.dataDir, { recursive: true });
    writeFileSync(tokenFile, `${adapters.developmentToken}\n`, { mode: 0o600 });
    process.stdout.write(
      'No PROJ_AUTH_JWT_SECRET or PROJ_AUTH_JWKS_URL set: made a key for this process only. A token with every scope, valid 24 h:\n' +
        `  Authorization: Bearer ${adapters.developmentToken}\n` +
        `  (also in ${tokenFile}: TOKEN=$(cat ${tokenFile}))\n`,
    );
  }

  let stopping = false;

  /**
   * Readiness turns 503 at once; the listener closes (new connections are refused); in-flight
   * requests finish and keep-alive connections close; then the pool and the embedded database
   * close. Past PROJ_SHUTDOWN_TIMEOUT_MS, what is still open is logged and the exit code is 1.
   */
  async function shutdown(reason: string, exitCode: number): Promise<void> {
    if (stopping) {
      logger.warn(`${reason} during shutdown: exiting now`, {
        open_requests: http.openRequests(),
        open_resources: adapters.openResources(),
      });
      await rootLogger.close(500);
      process.exit(1);
    }
    stopping = true;
    draining = true;
    const shutdownStartedAt = performance.now();
    logger.info('shutting down', { reason, open_requests: http.openRequests().length, open_connections: http.openConnections() });
    let phase = 'draining HTTP';
    const deadline = setTimeout(() => {
      logger.error('shutdown timed out; exiting with work still open', {
        timeout_ms: settings.shutdownTimeoutMs,
        phase,
        open_requests: http.openRequests(),
        open_connections: http.openConnections(),
        open_resources: adapters.openResources(),
      });
      void rootLogger.close(1000).finally(() => process.exit(1));
    }, settings.shutdownTimeoutMs);

    await http.drain();
    logger.info('HTTP server closed', { duration_ms: Math.round(performance.now() - shutdownStartedAt) });
    phase = 'closing resources';
    await adapters.dispose();
    if (tracing !== undefined) {
      phase = 'flushing spans';
      await tracing.shutdown().catch((error: unknown) => logger.warn('tracing: spans not flushed', { reason: String(error) }));
    }
    clearTimeout(deadline);
    logger.info('stopped', { duration_ms: Math.round(performance.now() - shutdownStartedAt) });
    await rootLogger.close();
    process.exit(exitCode);
  }

  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  // A worker leaves SIGINT (Ctrl-C reaches the whole process group) to the primary, which sends SIGTERM.
  process.on('SIGINT', () => {
    if (!cluster.isWorker) void shutdown('SIGINT', 0);
  });
  process.on('uncaughtException', (error) => {
    logger.error(`uncaught exception: ${error.message}`, { error });
    void shutdown('uncaught exception', 1);
  });
}

function describeRefusal(error: unknown): string | undefined {
  if (error instanceof SchemaMismatchError || error instanceof MigrationFailedError) return error.message;
  if (mapUnavailable(error) instanceof DependencyUnavailableError) {
    return `the database is unreachable (${error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code : String(error)})`;
  }
  return undefined;
}
