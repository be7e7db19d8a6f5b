import TransportStream from 'winston-transport';

/** Where winston keeps the formatted line and the level of an entry (triple-beam's symbols). */
const MESSAGE = Symbol.for('message');
const LEVEL = Symbol.for('level');

/**
 * A winston transport that writes formatted lines to a stream, gathering the lines of one turn of
 * the event loop into a single write: under load, one system call carries the access lines of
 * many requests instead of one each. An `error` line is written at once, with anything pending,
 * so that the line explaining a crash is not left waiting. Ending the transport writes what is
 * pending.
 */
export class BatchedStreamTransport extends TransportStream {
  #pending: string[] = [];
  #scheduled = false;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
  }

  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    this.#pending.push(`${String(info[MESSAGE])}\n`);
    if (info[LEVEL] === 'error') {
      this.flush();
    } else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.flush());
    }
    next();
  }

  /** Writes the pending lines now. */
  flush(): void {
    this.#scheduled = false;
    if (this.#pending.length === 0) return;
    const text = this.#pending.join('');
    this.#pending = [];
    this.stream.write(text);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flush();
    callback();
  }
}
