import { Agent as HttpAgent, ServerResponse, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { performance } from 'node:perf_hooks';

import type { Request, RequestHandler, Response } from 'express';
import { createProxyMiddleware, debugProxyErrorsPlugin, type Plugin } from 'http-proxy-middleware';

import type { UpstreamRequestObservation } from '@proj/application/edge';

import { detailOf } from '../http/problems/catalog.js';
import { sendProblem } from '../http/problems/send-problem.js';

/** The name of the legacy backend in metrics and logs. */
const LEGACY_UPSTREAM = 'legacy';

/** The route template of forwarded requests in access lines and request metrics (their paths are not ours to label). */
const LEGACY_ROUTE = '(legacy)';

/** Hop-by-hop headers (RFC 9110 §7.6.1): meaningful for one connection only, never forwarded either way. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

/** The headers a message names in its `Connection` header are hop-by-hop too. */
function hopByHopOf(headers: IncomingMessage['headers']): string[] {
  const connection = headers['connection'];
  const named = (Array.isArray(connection) ? connection.join(',') : (connection ?? ''))
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  return [...HOP_BY_HOP, ...named];
}

class LegacyTimeoutError extends Error {
  readonly code = 'LEGACY_TIMEOUT';
}

export interface LegacyProxyOptions {
  /** The legacy backend: `http://legacy.internal:8080` (a path is prefixed to every forwarded path). */
  readonly baseUrl: string;
  /** How long the legacy backend has to start answering (its response headers); then 504. */
  readonly timeoutMs: number;
  /** Whether a request goes to the legacy backend: those no route of this service matches. */
  readonly forwards: (path: string) => boolean;
  /** Records one forwarded request (status, duration). */
  readonly observe: (observation: UpstreamRequestObservation) => void;
}

/**
 * The strangler route: forwards the requests `forwards` selects to the legacy backend with
 * http-proxy-middleware and streams the answer back unchanged (decision 0122). Bodies are piped
 * both ways, never buffered; hop-by-hop headers are dropped; `X-Forwarded-For/Port/Proto/Host`
 * and `X-Request-Id` are added; everything else (`Authorization` included) passes as it came.
 * A backend that cannot be reached is a 502 `legacy_unavailable`, one that does not start
 * answering within `timeoutMs` a 504 `legacy_timeout`. Mount it after the request id, access log
 * and request metrics, before anything that reads the body or sets response headers.
 */
export function legacyProxy(options: LegacyProxyOptions): RequestHandler {
  const plugin: Plugin = (proxy) => {
    // The messages are Express's (the middleware is mounted in an Express app), typed as Node's here.
    proxy.on('proxyReq', (proxyReq: ClientRequest, incoming, outgoing) => {
      const req = incoming as Request;
      const res = outgoing as Response;
      // The connection to the backend is the agent's: without the client's `Connection` header Node
      // asks for keep-alive. `Transfer-Encoding` stays so that Node frames the streamed body
      // (removing it would send the body unframed).
      for (const name of hopByHopOf(req.headers)) if (name !== 'transfer-encoding') proxyReq.removeHeader(name);
      proxyReq.setHeader('X-Request-Id', res.locals.requestId);
      const startedAt = performance.now();
      const timer = setTimeout(
        () => proxyReq.destroy(new LegacyTimeoutError('the legacy backend did not answer in time')),
        options.timeoutMs,
      );
      proxyReq.once('response', () => clearTimeout(timer));
      proxyReq.once('close', () => clearTimeout(timer));
      res.once('close', () => {
        const outcome = res.locals.legacyOutcome ?? 'response';
        options.observe({
          upstream: LEGACY_UPSTREAM,
          method: req.method,
          status: outcome === 'response' ? res.statusCode : outcome,
          durationSeconds: (performance.now() - startedAt) / 1000,
        });
      });
    });
    proxy.on('proxyRes', (proxyRes: IncomingMessage, _incoming, outgoing) => {
      for (const name of hopByHopOf(proxyRes.headers)) delete proxyRes.headers[name];
      // http-proxy pipes the answer without watching it: a backend that drops the connection in
      // the middle of its answer emits no proxy error, and the client would wait for the rest forever.
      const res = outgoing as Response;
      proxyRes.once('close', () => {
        if (proxyRes.complete || res.destroyed) return;
        res.locals.legacyOutcome = 'error';
        res.locals.logger.warn('legacy backend failed', { upstream: LEGACY_UPSTREAM, error: 'answer cut short' });
        // The answer had begun: the client sees a truncated response, as from the backend itself.
        res.destroy();
      });
    });
    proxy.on('error', (error: Error & { code?: string }, incoming, outgoing) => {
      if (!(outgoing instanceof ServerResponse)) {
        outgoing.destroy();
        return;
      }
      const req = incoming as Request;
      const res = outgoing as Response;
      const timedOut = error instanceof LegacyTimeoutError;
      res.locals.legacyOutcome = timedOut ? 'timeout' : 'error';
      res.locals.logger.warn(timedOut ? 'legacy backend timed out' : 'legacy backend failed', {
        upstream: LEGACY_UPSTREAM,
        error: error.code ?? error.message,
      });
      if (res.headersSent) {
        // The answer had begun: the client sees a truncated response, as from the backend itself.
        res.destroy();
        return;
      }
      const code = timedOut ? 'legacy_timeout' : 'legacy_unavailable';
      sendProblem(req, res, { code, detail: detailOf(code) });
    });
  };
  const proxy = createProxyMiddleware({
    target: options.baseUrl,
    // Without an agent http-proxy sends `Connection: close` and opens a connection per request.
    // Idle sockets are unreferenced by the agent: they never hold the process open at shutdown.
    agent: new URL(options.baseUrl).protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true }),
    xfwd: true,
    // The legacy backend sees the Host the client used, as behind any reverse proxy.
    changeOrigin: false,
    ejectPlugins: true,
    // Its only default plugin kept: the one that keeps socket errors from crashing the process.
    plugins: [debugProxyErrorsPlugin, plugin],
  });
  return function forwardToLegacy(req, res, next) {
    if (!options.forwards(req.path)) {
      next();
      return;
    }
    res.locals.routeTemplate = LEGACY_ROUTE;
    res.locals.proxiedTo = LEGACY_UPSTREAM;
    void proxy(req, res, next);
  };
}
