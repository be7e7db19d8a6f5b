// Run as a process of its own by test/e2e/tracing.test.ts (`node --import tsx/esm`): tracing must
// start before the server's modules load (decision 0105), so it cannot start inside a mocha run
// that loaded them already. It starts tracing with the SDK's in-memory exporter, then the test app
// (the real wiring, over a database of its own and the Redis in TRACED_APP_ENV), listens, and
// answers the test on a control port: GET /spans (finished spans), GET /logs (the JSON log lines),
// GET /token. It prints `READY <app url> <control url>`, and stops on SIGTERM.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';

import { startTracing } from '../../src/telemetry/start-tracing.js';

const exporter = new InMemorySpanExporter();
const tracing = startTracing({ serviceName: 'proj-traced-test', exporter });

const { captureLogs } = await import('./log-capture.js');
const { startTestApp } = await import('./test-server.js');

const logs = captureLogs(tracing.logFields);
const env = JSON.parse(process.env['TRACED_APP_ENV'] ?? '{}') as Record<string, string>;
const t = await startTestApp(env, { logger: logs.logger, requestScope: logs.requestScope });
const app = await t.listen();

const control = createServer((req, res) => {
  const answer = async (): Promise<unknown> => {
    if (req.url === '/spans') {
      return exporter.getFinishedSpans().map((span) => ({
        name: span.name,
        kind: span.kind,
        traceId: span.spanContext().traceId,
        spanId: span.spanContext().spanId,
        parentSpanId: span.parentSpanContext?.spanId,
        attributes: span.attributes,
      }));
    }
    if (req.url === '/logs') return logs.lines();
    if (req.url === '/token') return t.token();
    return undefined;
  };
  void answer().then((body) =>
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
  );
});
control.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY ${app.url} http://127.0.0.1:${(control.address() as AddressInfo).port}\n`);
});

process.once('SIGTERM', () => {
  void (async () => {
    control.close();
    await app.close();
    await t.close();
    await tracing.shutdown();
    process.exit(0);
  })();
});
