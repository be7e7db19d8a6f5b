import type { IncomingMessage, ServerResponse } from 'node:http';

import { context, diag, DiagLogLevel, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { RedisInstrumentation } from '@opentelemetry/instrumentation-redis';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-node';

import type { LogFields, Logger } from '@proj/application';

/** Paths that are polled, not served: no span (probes and scrapes would drown the traces). */
const UNTRACED_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

export interface TracingOptions {
  /** `service.name` unless `OTEL_SERVICE_NAME` (or `OTEL_RESOURCE_ATTRIBUTES`) names another. */
  readonly serviceName: string;
  /**
   * Where spans go. Default: OTLP over HTTP (JSON) to `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT`,
   * batched (`OTEL_BSP_*`). A given exporter (the SDK's in-memory one in tests) gets every span
   * as it ends.
   */
  readonly exporter?: SpanExporter;
}

export interface Tracing {
  /** `trace_id` and `span_id` of the span active where a line is written, for the logger's context. */
  readonly logFields: () => LogFields | undefined;
  /** Sends the SDK's own warnings and errors (an exporter that cannot reach its endpoint) to `logger`. */
  reportTo(logger: Logger): void;
  /** Flushes the spans not exported yet and stops. */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry tracing (decision 0105): a tracer provider (sampler from `OTEL_TRACES_SAMPLER`,
 * W3C `traceparent` propagation) and the instrumentations of the modules this service uses —
 * node:http (server spans named by route template, outgoing calls), Express (the route handlers,
 * not every middleware and router), pg (statements, never their parameters), node-redis (command names only)
 * and undici (fetch: JWKS). It must run before those modules are first loaded: import this module
 * dynamically, first thing, and only when tracing is on.
 */
export function startTracing(options: TracingOptions): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }).merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: [
      options.exporter === undefined ? new BatchSpanProcessor(new OTLPTraceExporter()) : new SimpleSpanProcessor(options.exporter),
    ],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0] ?? ''),
        requireParentforOutgoingSpans: true,
        applyCustomAttributesOnSpan: nameByRouteTemplate,
      }),
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER] }),
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
      new RedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
      new UndiciInstrumentation({ requireParentforSpans: true }),
    ],
  });
  return {
    logFields: activeSpanFields,
    reportTo(logger) {
      diag.setLogger(
        {
          error: (message) => logger.warn(`tracing: ${message}`),
          warn: (message) => logger.warn(`tracing: ${message}`),
          info: () => undefined,
          debug: () => undefined,
          verbose: () => undefined,
        },
        DiagLogLevel.WARN,
      );
    },
    shutdown: () => provider.shutdown(),
  };
}

function activeSpanFields(): LogFields | undefined {
  const span = trace.getSpan(context.active());
  if (span === undefined) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * The server span of a request takes the route template the app recorded (`POST /v1/accounts/users`),
 * the same label as the request metrics; a request no route matched keeps the method alone.
 */
function nameByRouteTemplate(span: Span, request: unknown, response: unknown): void {
  const template = (response as ServerResponse & { locals?: { routeTemplate?: unknown } }).locals?.routeTemplate;
  if (typeof template !== 'string') return;
  span.updateName(`${(request as IncomingMessage).method ?? 'GET'} ${template}`);
  span.setAttribute('http.route', template);
}
