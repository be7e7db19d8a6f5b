import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import type { Express } from 'express';

import { clientErrorHandler } from '@proj/api';
import type { Logger } from '@proj/application';

import { closeAfterEarlyAnswer, lingerOnClose } from './lingering-close.js';

/** A request that has not finished yet, as reported when a shutdown runs out of time. */
interface OpenRequest {
  readonly method: string;
  /** The path without its query string. */
  readonly path: string;
  readonly request_id: string | undefined;
  readonly age_ms: number;
}

/** A listening HTTP server that can drain. */
export interface HttpServer {
  readonly server: Server;
  /**
   * Stops accepting connections at once, lets in-flight requests finish (their responses carry
   * `Connection: close`), closes keep-alive connections as soon as they are idle, and resolves
   * once every connection is closed. Safe to call once.
   */
  drain(): Promise<void>;
  openRequests(): OpenRequest[];
  openConnections(): number;
}

/**
 * Listens and resolves once bound; rejects with a readable error when the port is taken. Requests
 * Node cannot parse get a problem+json answer too (see clientErrorHandler).
 */
export function startHttpServer(
  app: Express,
  host: string,
  port: number,
  options: {
    readonly logger: Logger;
    readonly maxConnections?: number;
    /** The variable that sets `port`, named when the port is taken. Default `PROJ_PORT`. */
    readonly portVariable?: string;
  },
): Promise<HttpServer> {
  // A missing Host is refused by the app, as problem+json, with a duplicate one.
  const server = createServer({ requireHostHeader: false });
  server.on('clientError', clientErrorHandler({ logger: options.logger }));
  // Slow clients (docs/configuration.md, "Slow clients"): an idle keep-alive connection lasts slightly
  // longer than common load-balancer idle timeouts, so the balancer closes first; a request's headers
  // must arrive within 66 s and the whole request (headers and body) within 30 s of its start, else
  // 408 and close; at most PROJ_HTTP_MAX_CONNECTIONS connections are open, more are closed at once.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  if (options.maxConnections !== undefined && options.maxConnections > 0) server.maxConnections = options.maxConnections;

  let draining = false;
  const connections = new Set<Socket>();
  const inFlight = new Map<ServerResponse, { readonly req: IncomingMessage; readonly startedAt: number }>();

  server.on('connection', (socket: Socket) => {
    lingerOnClose(socket);
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  // Registered before the app, so every request is tracked before any handler can answer it.
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    inFlight.set(res, { req, startedAt: performance.now() });
    closeAfterEarlyAnswer(req, res);
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      inFlight.delete(res);
      // Its connection may now be idle; while draining, idle connections are closed at once.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });
  server.on('request', app);
  // Expect: 100-continue: Node would send 100 Continue before any check; with this listener the
  // app sends it only when it starts reading the body, after authentication (the body reader).
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => server.emit('request', req, res));

  const drain = (): Promise<void> => {
    draining = true;
    for (const res of inFlight.keys()) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    }
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  };

  const openRequests = (): OpenRequest[] =>
    [...inFlight].map(([res, { req, startedAt }]) => {
      const requestId = res.getHeader('X-Request-Id');
      return {
        method: req.method ?? '?',
        path: (req.url ?? '').split('?')[0] ?? '',
        request_id: typeof requestId === 'string' ? requestId : undefined,
        age_ms: Math.round(performance.now() - startedAt),
      };
    });

  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${host} is already in use (set ${options.portVariable ?? 'PROJ_PORT'})`)
          : error,
      );
    });
    server.listen(port, host, () => resolve({ server, drain, openRequests, openConnections: () => connections.size }));
  });
}
