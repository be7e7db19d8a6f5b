import { createServer, type Server } from 'node:http';

import type { Express } from 'express';

/** Listens and resolves once bound; rejects with a readable error when the port is taken. */
export function startHttpServer(app: Express, host: string, port: number): Promise<Server> {
  const server = createServer(app);
  // Slightly above common load-balancer idle timeouts, so the balancer closes first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} on ${host} is already in use (set PROJ_PORT)`) : error);
    });
    server.listen(port, host, () => resolve(server));
  });
}
