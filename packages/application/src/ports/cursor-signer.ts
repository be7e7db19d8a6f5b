/**
 * Makes opaque, tamper-evident cursors for pagination. `sign` wraps a payload (plain text the
 * application chose) into a cursor safe to put in a URL query; `verify` gives the payload back only
 * for a cursor this signer (or one sharing its key) made, unchanged. Both are pure and never throw:
 * `verify` returns `undefined` for anything else, however malformed, empty or long.
 */
export interface CursorSigner {
  sign(payload: string): string;
  verify(cursor: string): string | undefined;
}
