import cluster from 'node:cluster';

import { AsyncLocalRequestScope, WinstonLogger } from '@proj/infra';

import { runClusterPrimary } from './cluster-primary.js';
import { loadSettingsOrExit, warnAboutUnknownSettings } from './load-settings-or-exit.js';
import { serve } from './serve.js';

const startedAt = performance.now();

const settings = loadSettingsOrExit();

const requestScope = new AsyncLocalRequestScope();
const rootLogger = WinstonLogger.create(settings, process.stdout, { context: requestScope.fields });
if (!cluster.isWorker) warnAboutUnknownSettings(rootLogger);

if (settings.workers > 1 && cluster.isPrimary) {
  runClusterPrimary({ workers: settings.workers, shutdownTimeoutMs: settings.shutdownTimeoutMs, logger: rootLogger });
} else {
  await serve(settings, rootLogger, startedAt, requestScope);
}
