import type { AddressInfo } from 'node:net';

import { loadSettings, SettingsError, WinstonLogger, type Settings } from '@proj/infra';

import { buildServer } from './build-server.js';
import { createAdapters, type RunningAdapters } from './create-adapters.js';
import { startHttpServer } from './start-http-server.js';

const startedAt = performance.now();

let settings: Settings;
try {
  settings = loadSettings(process.env, { dotenvPath: '.env' });
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

const logger = WinstonLogger.create(settings);
let adapters: RunningAdapters;
try {
  adapters = await createAdapters(settings, logger);
} catch (error) {
  logger.error(`cannot start: ${error instanceof Error ? error.message : String(error)}`, { error });
  await logger.close();
  process.exit(1);
}

let draining = false;
const app = buildServer(adapters, {
  bodyLimit: settings.http.bodyLimit,
  isDraining: () => draining,
  validateResponses: settings.http.validateResponses,
});
const server = await startHttpServer(app, settings.host, settings.port);
const { port } = server.address() as AddressInfo;
const base = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
logger.info(`listening on ${base} (docs: ${base}/docs, ReDoc: ${base}/redoc, OpenAPI: ${base}/openapi.json)`, {
  env: settings.env,
  startup_ms: Math.round(performance.now() - startedAt),
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  draining = true;
  logger.info('shutting down', { signal });
  const deadline = setTimeout(() => {
    logger.error('shutdown timed out; exiting with requests still open', { timeout_ms: settings.shutdownTimeoutMs });
    process.exit(1);
  }, settings.shutdownTimeoutMs);
  deadline.unref();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  await adapters.dispose();
  logger.info('stopped');
  await logger.close();
  clearTimeout(deadline);
  process.exit(0);
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void shutdown(signal));
}
