import cluster from 'node:cluster';

import type { LogFields } from '@proj/application';
import { AsyncLocalRequestScope, WinstonLogger } from '@proj/infra/bootstrap';

import { loadSettingsOrExit, warnAboutUnknownSettings } from './load-settings-or-exit.js';

const startedAt = performance.now();

const settings = loadSettingsOrExit();
const runsServer = settings.workers <= 1 || !cluster.isPrimary;

// Tracing hooks the HTTP, Express, pg and Redis modules as they load, so it starts before the
// server's modules are imported (below, dynamically); off, its SDK is never loaded (decision 0105).
const tracing =
  settings.telemetry.tracing && runsServer
    ? (await import('./telemetry/start-tracing.js')).startTracing({ serviceName: settings.serviceName })
    : undefined;

const requestScope = new AsyncLocalRequestScope();
const rootLogger = WinstonLogger.create(settings, process.stdout, {
  context: tracing === undefined ? requestScope.fields : bothFields(requestScope.fields, tracing.logFields),
});
tracing?.reportTo(rootLogger);
if (!cluster.isWorker) warnAboutUnknownSettings(rootLogger);

if (runsServer) {
  const { serve } = await import('./serve.js');
  await serve(settings, rootLogger, startedAt, { requestScope, tracing });
} else {
  const { runClusterPrimary } = await import('./cluster-primary.js');
  runClusterPrimary({ workers: settings.workers, shutdownTimeoutMs: settings.shutdownTimeoutMs, logger: rootLogger });
}

/** The request's fields and the active span's, in one object (or undefined outside both). */
function bothFields(first: () => LogFields | undefined, second: () => LogFields | undefined): () => LogFields | undefined {
  return () => {
    const a = first();
    const b = second();
    if (a === undefined) return b;
    return b === undefined ? a : { ...a, ...b };
  };
}
