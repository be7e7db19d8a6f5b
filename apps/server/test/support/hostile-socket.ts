import { connect, type Socket } from 'node:net';

/** What a client that keeps sending saw: the server's answer, and how much it could send before the connection closed. */
export interface StreamedRequest {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Body bytes the client managed to hand to its socket. */
  readonly sentBytes: number;
  /** Whether the server closed the connection before the client gave up. */
  readonly closedByServer: boolean;
}

export interface StreamOptions {
  /** Give up (and report `closedByServer: false`) after sending this many body bytes. */
  readonly maxBytes: number;
  /** Send the body as HTTP/1.1 chunks instead of raw bytes after a Content-Length. */
  readonly chunked?: boolean;
  /** Body bytes per write. Default 64 KiB. */
  readonly chunkBytes?: number;
  /** After `maxBytes`, stop sending and wait for the server to answer and close, instead of giving up. */
  readonly thenWait?: boolean;
}

/**
 * Sends `head` (a request line and headers, with the blank line) on a raw connection, then body
 * bytes as fast as the connection takes them, until the server closes it or `maxBytes` were sent:
 * a client that streams a body the server has no use for.
 */
export function streamRequest(port: number, head: string, options: StreamOptions): Promise<StreamedRequest> {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const payload = Buffer.alloc(chunkBytes, 0x20);
  const chunk = options.chunked ? Buffer.concat([Buffer.from(`${chunkBytes.toString(16)}\r\n`), payload, Buffer.from('\r\n')]) : payload;
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let received = '';
    let sentBytes = 0;
    let closed = false;
    let gaveUp = false;
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      received += data;
    });
    socket.on('error', () => undefined);
    socket.once('close', () => {
      closed = true;
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) {
        reject(new Error(`no response before the connection closed (${sentBytes} bytes sent)`));
        return;
      }
      const [statusLine = '', ...lines] = received.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: received.slice(end + 4),
        sentBytes,
        closedByServer: !gaveUp,
      });
    });
    const pump = (): void => {
      while (!closed && !socket.destroyed) {
        if (sentBytes >= options.maxBytes) {
          if (options.thenWait) return;
          gaveUp = true;
          socket.destroy();
          return;
        }
        sentBytes += chunkBytes;
        if (!socket.write(chunk)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    socket.once('connect', () => {
      socket.write(head);
      pump();
    });
  });
}

/** A request head for `streamRequest`: the request line, `Host`, and `headers`, then the blank line. */
export function requestHead(method: string, path: string, headers: Readonly<Record<string, string>> = {}): string {
  return `${method} ${path} HTTP/1.1\r\nHost: localhost\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
}
