import { connect, type Socket } from 'node:net';

/** An HTTP/1.1 response read off a raw socket. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * A client connection driven by hand, to put the server's connections in exact states: idle
 * keep-alive, or a request whose headers are only partly sent (which the server counts as active).
 */
export class RawHttpConnection {
  readonly closed: Promise<void>;
  #received = '';
  #onData: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.#received += chunk;
      this.#onData?.();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static open(port: number): Promise<RawHttpConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawHttpConnection(socket)));
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.socket.destroyed;
  }

  /** Writes raw bytes, e.g. a request's first lines without the blank line that ends its headers. */
  write(text: string): void {
    this.socket.write(text);
  }

  /** Sends a complete GET and resolves with its response, leaving the connection open. */
  async get(path: string): Promise<RawResponse> {
    this.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    return this.response();
  }

  /** Resolves with the next complete response (a body with Content-Length). */
  response(): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const tryParse = (): void => {
        const end = this.#received.indexOf('\r\n\r\n');
        if (end < 0) return;
        const [statusLine = '', ...headerLines] = this.#received.slice(0, end).split('\r\n');
        const headers = Object.fromEntries(
          headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
        );
        const length = Number(headers['content-length'] ?? 0);
        if (this.#received.length < end + 4 + length) return;
        const body = this.#received.slice(end + 4, end + 4 + length);
        this.#received = this.#received.slice(end + 4 + length);
        this.#onData = undefined;
        resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
      };
      this.#onData = tryParse;
      void this.closed.then(() => reject(new Error(`connection closed before a complete response: ${JSON.stringify(this.#received)}`)));
      tryParse();
    });
  }

  destroy(): void {
    this.socket.destroy();
  }
}
