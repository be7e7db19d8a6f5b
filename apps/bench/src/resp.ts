import { connect, type Socket } from 'node:net';

/** A RESP2 reply: simple string, error, integer, bulk string (null when absent) or array. */
export type RespReply = string | number | null | Error | RespReply[];

/** A command as RESP2 puts it on the wire: an array of bulk strings. */
export function encodeCommand(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

/**
 * Parses one reply at the start of `buffer`.
 * @returns the reply and how many bytes it took, or undefined when the buffer holds only part of it.
 */
export function parseReply(buffer: Buffer, offset = 0): { reply: RespReply; next: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd === -1) return undefined;
  const type = String.fromCharCode(buffer[offset] ?? 0);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const afterLine = lineEnd + 2;
  switch (type) {
    case '+':
      return { reply: line, next: afterLine };
    case '-':
      return { reply: new Error(line), next: afterLine };
    case ':':
      return { reply: Number(line), next: afterLine };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: null, next: afterLine };
      if (buffer.length < afterLine + length + 2) return undefined;
      return { reply: buffer.toString('utf8', afterLine, afterLine + length), next: afterLine + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { reply: null, next: afterLine };
      const items: RespReply[] = [];
      let next = afterLine;
      for (let index = 0; index < count; index += 1) {
        const item = parseReply(buffer, next);
        if (!item) return undefined;
        items.push(item.reply);
        next = item.next;
      }
      return { reply: items, next };
    }
    default:
      throw new Error(`not a RESP reply: ${JSON.stringify(line.slice(0, 20))}`);
  }
}

/**
 * Just enough of a Redis client for the bench's housekeeping (is it there, which keys did the run
 * leave, delete them): one command at a time over one connection.
 */
export class RespConnection {
  #buffer = Buffer.alloc(0);
  #waiting: { resolve: (reply: RespReply) => void; reject: (error: Error) => void } | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      const parsed = parseReply(this.#buffer);
      if (!parsed || !this.#waiting) return;
      this.#buffer = this.#buffer.subarray(parsed.next);
      const waiting = this.#waiting;
      this.#waiting = undefined;
      if (parsed.reply instanceof Error) waiting.reject(parsed.reply);
      else waiting.resolve(parsed.reply);
    });
    socket.on('error', (error) => this.#waiting?.reject(error));
    socket.on('close', () => this.#waiting?.reject(new Error('Redis connection closed')));
  }

  static open(url: string, timeoutMs = 2000): Promise<RespConnection> {
    const parsed = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port || 6379) });
      socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`Redis at ${parsed.host} did not answer within ${timeoutMs} ms`)));
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RespConnection(socket));
      });
    });
  }

  command(...args: string[]): Promise<RespReply> {
    if (this.#waiting) return Promise.reject(new Error('one command at a time'));
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.socket.write(encodeCommand(args));
    });
  }

  close(): void {
    this.socket.end();
  }
}

/** Deletes every key that starts with `prefix` (SCAN + UNLINK); returns how many. */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<number> {
  if (prefix.length < 8) throw new Error(`refusing to delete keys under the short prefix ${JSON.stringify(prefix)}`);
  const redis = await RespConnection.open(url);
  let deleted = 0;
  try {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const reply = await redis.command('SCAN', cursor, 'MATCH', pattern, 'COUNT', '1000');
      if (!Array.isArray(reply) || typeof reply[0] !== 'string' || !Array.isArray(reply[1])) throw new Error('unexpected SCAN reply');
      cursor = reply[0];
      const keys = reply[1].filter((key): key is string => typeof key === 'string');
      if (keys.length > 0) deleted += Number(await redis.command('UNLINK', ...keys));
    } while (cursor !== '0');
  } finally {
    redis.close();
  }
  return deleted;
}
