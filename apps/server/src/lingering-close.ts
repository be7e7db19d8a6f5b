import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** After an answer given before the body was read, at most this much more of it is read and discarded. */
const LINGER_MAX_BYTES = 64 * 1024;
/** …and for at most this long, before the connection is closed whatever the client does. */
const LINGER_MAX_MS = 2_000;

type LingeringSocket = Socket & { destroySoon?: () => void; lingering?: boolean };

/**
 * Stops reading a request body the server answered without (decision 0111). When a response is
 * written while its request still has body bytes to come (a 401, 404, 405, 413 or 415 given
 * before the body was needed), it carries `Connection: close`; once it is sent, the server stops
 * writing, reads and discards at most {@link LINGER_MAX_BYTES} of the body for at most
 * {@link LINGER_MAX_MS}, so that the client can read the answer before the connection closes
 * (closing with unread bytes would reset it), then closes. Without this, Node reads and discards
 * the rest of a keep-alive request's body, however long it is.
 *
 * Call it for every request, before the app sees it, on a socket prepared by {@link lingerOnClose}.
 */
export function closeAfterEarlyAnswer(req: IncomingMessage, res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = (...args: unknown[]): ServerResponse => {
    if (!req.complete && expectsBody(req) && !res.headersSent) {
      res.setHeader('Connection', 'close');
      (req.socket as LingeringSocket).lingering = true;
      res.once('finish', () => drainThenClose(req));
    }
    return writeHead(...args);
  };
}

/**
 * Node ends a connection after a `Connection: close` response by destroying its socket as soon as
 * the response is written; a lingering one (see {@link closeAfterEarlyAnswer}) is only ended
 * (no more writes), and destroyed by its drain. Call it for every connection.
 */
export function lingerOnClose(socket: Socket): void {
  const lingering = socket as LingeringSocket;
  const destroySoon = lingering.destroySoon?.bind(socket);
  if (destroySoon === undefined) return;
  lingering.destroySoon = (): void => {
    if (lingering.lingering === true) lingering.end();
    else destroySoon();
  };
}

function drainThenClose(req: IncomingMessage): void {
  const { socket } = req;
  if (socket.destroyed) return;
  let drained = 0;
  const close = (): void => {
    clearTimeout(timer);
    socket.destroy();
  };
  const timer = setTimeout(close, LINGER_MAX_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > LINGER_MAX_BYTES) close();
  });
  req.once('end', close);
  req.once('error', close);
  socket.once('close', () => clearTimeout(timer));
  req.resume();
}

function expectsBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return !Number.isFinite(length) || length > 0;
}
