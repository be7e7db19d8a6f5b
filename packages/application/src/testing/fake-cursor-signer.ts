import type { CursorSigner } from '../ports/cursor-signer.js';

/**
 * A CursorSigner that recognises exactly the cursors it issued, as a keyed signer does: any other
 * string, including an issued cursor with one character changed, does not verify.
 */
export class FakeCursorSigner implements CursorSigner {
  static #instances = 0;
  readonly #prefix = `fake${(FakeCursorSigner.#instances += 1)}-`;
  readonly #payloads = new Map<string, string>();

  sign(payload: string): string {
    const cursor = `${this.#prefix}${this.#payloads.size + 1}`;
    this.#payloads.set(cursor, payload);
    return cursor;
  }

  verify(cursor: string): string | undefined {
    return this.#payloads.get(cursor);
  }
}
