import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import type { CursorSigner } from '@proj/application';

const MIN_KEY_BYTES = 32;
const MAX_CURSOR_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
// Binds the MAC to this use, so the key could never be made to sign something else.
const CONTEXT = 'proj.cursor.v1:';

/**
 * CursorSigner with HMAC-SHA256: a cursor is `base64url(payload).base64url(mac)`. Every instance
 * that shares the key accepts the others' cursors; a changed key makes outstanding cursors invalid.
 */
export class HmacCursorSigner implements CursorSigner {
  readonly #key: Buffer;

  /** @throws RangeError when the key is shorter than 32 bytes. */
  constructor(key: string | Uint8Array) {
    this.#key = Buffer.from(typeof key === 'string' ? Buffer.from(key, 'utf8') : key);
    if (this.#key.length < MIN_KEY_BYTES) throw new RangeError(`a cursor key needs at least ${MIN_KEY_BYTES} bytes`);
  }

  /** A signer with a key of its own, for a single development or test process. */
  static withRandomKey(): HmacCursorSigner {
    return new HmacCursorSigner(randomBytes(MIN_KEY_BYTES));
  }

  sign(payload: string): string {
    const body = Buffer.from(payload, 'utf8').toString('base64url');
    return `${body}.${this.#mac(body).toString('base64url')}`;
  }

  verify(cursor: string): string | undefined {
    if (cursor.length > MAX_CURSOR_LENGTH) return undefined;
    const [body, mac, ...rest] = cursor.split('.');
    if (body === undefined || mac === undefined || rest.length > 0 || !BASE64URL.test(body) || !BASE64URL.test(mac)) return undefined;
    const given = Buffer.from(mac, 'base64url');
    const expected = this.#mac(body);
    // Base64 decoding ignores the spare low bits of the last character: insist on the one spelling.
    if (given.length !== expected.length || !timingSafeEqual(given, expected) || given.toString('base64url') !== mac) return undefined;
    return Buffer.from(body, 'base64url').toString('utf8');
  }

  #mac(body: string): Buffer {
    return createHmac('sha256', this.#key).update(CONTEXT).update(body).digest();
  }
}
