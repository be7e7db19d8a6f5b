import { InvalidCursorError } from '../errors/invalid-cursor-error.js';
import type { CursorSigner } from '../ports/cursor-signer.js';
import type { PagePosition } from './artifact-repository.js';

// Payload: format tag (one per list), epoch milliseconds, id. The tag keeps a cursor of one list
// from being accepted by another.
const PAYLOAD = /^([a-z]\d):(\d{1,16}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const MAX_CURSOR_LENGTH = 512;

/** The signed, opaque cursor for the page after `position` of the list tagged `tag` (`a1`, `s1`). */
export function encodePageCursor(tag: string, position: PagePosition, signer: CursorSigner): string {
  return signer.sign(`${tag}:${position.at.getTime()}:${position.id}`);
}

/**
 * @throws InvalidCursorError for anything but an unchanged cursor of this list made by this service.
 */
export function decodePageCursor(tag: string, cursor: string, signer: CursorSigner): PagePosition {
  const payload = cursor.length <= MAX_CURSOR_LENGTH ? signer.verify(cursor) : undefined;
  const [, payloadTag, millis, id] = (payload === undefined ? null : PAYLOAD.exec(payload)) ?? [];
  if (payloadTag !== tag || millis === undefined || id === undefined) throw new InvalidCursorError();
  const at = new Date(Number(millis));
  if (Number.isNaN(at.getTime())) throw new InvalidCursorError();
  return { at, id };
}
