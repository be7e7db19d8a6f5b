import { createHash } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stub legacy backend saw of one request. */
export interface LegacyRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly bodyBytes: number;
  readonly bodySha256: string;
}

/**
 * A stand-in for the legacy backend, started by the tests on a free port. Paths:
 * `/legacy/echo` streams the request body back as it arrives (so a proxy that buffered the request
 * would never see an answer before the body ended), with hop-by-hop headers of its own;
 * `/legacy/hang` never answers; `/legacy/big?bytes=N` streams N bytes; anything else answers
 * 200 JSON `{ legacy: true, method, url }`, with `X-Legacy: yes`. Every request is recorded.
 */
export class StubLegacy {
  readonly requests: LegacyRequest[] = [];
  /** Answers a request before the paths above when it returns true (set by a test). */
  handler: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<StubLegacy> {
    const server = createServer();
    const stub = new StubLegacy(server);
    server.on('request', (req, res) => stub.#answer(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Resolves once the stub has seen `count` requests (recorded when their body ended). */
  async seen(count: number): Promise<void> {
    while (this.requests.length < count) await new Promise<void>((resolve) => this.#server.once('recorded', resolve));
  }

  #answer(req: IncomingMessage, res: ServerResponse): void {
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    req.on('end', () => {
      this.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        bodyBytes: bytes,
        bodySha256: hash.digest('hex'),
      });
      this.#server.emit('recorded');
    });
    if (this.handler?.(req, res) === true) return;
    const path = (req.url ?? '').split('?')[0];
    if (path === '/legacy/hang') return;
    if (path === '/legacy/echo') {
      res.writeHead(201, {
        'Content-Type': 'application/octet-stream',
        Connection: 'X-Legacy-Hop',
        'X-Legacy-Hop': 'only for the next hop',
        'Keep-Alive': 'timeout=77',
        'Proxy-Authenticate': 'Basic realm="legacy"',
        'X-Legacy': 'yes',
      });
      req.pipe(res);
      return;
    }
    if (path === '/legacy/big') {
      const total = Number(new URL(req.url ?? '', 'http://stub').searchParams.get('bytes'));
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 7);
      let sent = 0;
      const pump = (): void => {
        while (sent < total) {
          const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
          sent += part.length;
          if (!res.write(part)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      req.resume();
      req.on('end', pump);
      return;
    }
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Legacy': 'yes' });
      res.end(JSON.stringify({ legacy: true, method: req.method, url: req.url }));
    });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Response of {@link send}: status, headers, and the body's size and SHA-256. */
export interface SentResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * One request with node:http (which, unlike fetch, sends hop-by-hop headers as given). `body` is
 * written in parts; with `duplex`, every part after the first waits for the response headers, so
 * the request cannot complete unless the answer streams back while the body is still coming.
 */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; parts?: readonly Buffer[]; duplex?: boolean } = {},
): Promise<SentResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
      if (options.duplex === true) {
        for (const part of parts.slice(1)) req.write(part);
        req.end();
      }
    });
    req.on('error', reject);
    const parts = options.parts ?? [];
    if (options.duplex === true) {
      req.flushHeaders();
      if (parts[0] !== undefined) req.write(parts[0]);
      return;
    }
    for (const part of parts) req.write(part);
    req.end();
  });
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
