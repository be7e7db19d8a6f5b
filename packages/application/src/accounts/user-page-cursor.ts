import { UserId } from '@proj/domain';

import { InvalidCursorError } from '../errors/invalid-cursor-error.js';
import type { CursorSigner } from '../ports/cursor-signer.js';
import type { UserPagePosition } from './user-repository.js';

// Payload: format version, creation time in epoch milliseconds, user id. The version lets a later
// format reject (422) the cursors of this one instead of misreading them.
const PAYLOAD = /^u1:(\d{1,16}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
/** Longer than any cursor this module makes; longer input is refused before any work. */
const MAX_CURSOR_LENGTH = 512;

/** The signed, opaque cursor for the page that follows `position`. */
export function encodeUserPageCursor(position: UserPagePosition, signer: CursorSigner): string {
  return signer.sign(`u1:${position.createdAt.getTime()}:${position.id.value}`);
}

/**
 * The position a cursor made by {@link encodeUserPageCursor} stands for.
 * @throws InvalidCursorError for anything else: garbage, a changed or truncated cursor, one signed
 *   with another key, or a signed payload of another format.
 */
export function decodeUserPageCursor(cursor: string, signer: CursorSigner): UserPagePosition {
  const payload = cursor.length <= MAX_CURSOR_LENGTH ? signer.verify(cursor) : undefined;
  const match = payload === undefined ? null : PAYLOAD.exec(payload);
  const [, millis, id] = match ?? [];
  if (millis === undefined || id === undefined) throw new InvalidCursorError();
  const createdAt = new Date(Number(millis));
  if (Number.isNaN(createdAt.getTime())) throw new InvalidCursorError();
  return { createdAt, id: UserId.of(id) };
}
