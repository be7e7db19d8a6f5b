import { createHash } from 'node:crypto';

import { InputValidationError } from '@proj/application/errors';

import { problem } from '../problems/http-error.js';

/** A strong entity tag from a resource's version: `"3"` (or an opaque revision such as `"2.1767268800000"`). */
export function entityTag(version: number | string): string {
  return `"${version}"`;
}

/** What an `If-Match` header asks for (RFC 9110 §13.1.1), in terms of versions. */
export type IfMatch =
  /** No `If-Match`: the change is unconditional. */
  | { readonly kind: 'absent' }
  /** `*`: any current version. */
  | { readonly kind: 'any' }
  /** Entity tags this API issued: apply the change only at one of these versions. */
  | { readonly kind: 'versions'; readonly versions: readonly [number, ...number[]] };

// RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text;
// one element of the comma-separated list, with the optional whitespace around it.
const LIST_ELEMENT = /[ \t]*(?:(W\/)?"([\x21\x23-\x7e\x80-\xff]*)")?[ \t]*(,|$)/y;
const OUR_VERSION = /^[1-9]\d{0,14}$/;
const MALFORMED = 'must be entity tags as sent in ETag, separated by commas, or *';

/**
 * Reads `If-Match`: `*`, or a list of one or more entity tags. The strong tags of ours (`"3"`)
 * become the versions at which the change may apply. Tags that can never match (weak ones, as
 * If-Match compares strongly, or tags this API does not issue) match nothing; a list of only
 * those fails the precondition at once. A malformed header is invalid input.
 * @throws HttpError 412 `precondition_failed`; InputValidationError (422) for a malformed header.
 */
export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined) return { kind: 'absent' };
  if (header.trim() === '*') return { kind: 'any' };
  const tags = entityTagsOf(header);
  if (tags === undefined || tags.length === 0) throw new InputValidationError([{ path: 'If-Match', message: MALFORMED }]);
  const versions = [...new Set(tags.filter((tag) => !tag.weak && OUR_VERSION.test(tag.opaque)).map((tag) => Number(tag.opaque)))];
  const [first, ...rest] = versions;
  if (first === undefined) {
    throw problem('precondition_failed');
  }
  return { kind: 'versions', versions: [first, ...rest] };
}

/**
 * Whether a read may answer with the current representation under `If-Match` (RFC 9110 §13.1.1):
 * no header, `*`, or a list holding its tag, compared strongly (`W/"3"` never matches). A read
 * for which this is false answers 412. A malformed header is invalid input, as on a change.
 * @throws InputValidationError (422) for a malformed header.
 */
export function ifMatchHolds(header: string | undefined, version: number | string): boolean {
  if (header === undefined || header.trim() === '*') return true;
  const tags = entityTagsOf(header);
  if (tags === undefined || tags.length === 0) throw new InputValidationError([{ path: 'If-Match', message: MALFORMED }]);
  const current = String(version);
  return tags.some((tag) => !tag.weak && tag.opaque === current);
}

/**
 * An opaque revision for a representation that has no version of its own (a page of a list):
 * a digest of what determines it, e.g. each item's id and version and the page's cursor. It
 * changes whenever one of them does.
 */
export function contentRevision(parts: Iterable<string | number | null>): string {
  const digest = createHash('sha256');
  // Length-prefixed, so that no two different lists of parts feed the digest the same bytes.
  for (const part of parts) digest.update(part === null ? 'null;' : `${String(part).length}:${part};`);
  return digest.digest('base64url').slice(0, 27);
}

/**
 * Whether `If-None-Match` names the current version, so that a GET answers 304 (RFC 9110
 * §13.1.2): `*`, or a list holding its tag, compared weakly (`W/"3"` matches `"3"`). Evaluated
 * whatever the request's `Cache-Control` says: `no-cache` (which fetch adds to every conditional
 * request) does not cancel an origin server's conditional evaluation. A malformed header matches nothing.
 */
export function ifNoneMatchHolds(header: string | undefined, version: number | string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const current = String(version);
  return entityTagsOf(header)?.some((tag) => tag.opaque === current) ?? false;
}

/** The tags of an entity-tag list (empty elements skipped, as RFC 9110 §5.6.1 asks); `undefined` when malformed. */
function entityTagsOf(header: string): { weak: boolean; opaque: string }[] | undefined {
  const tags: { weak: boolean; opaque: string }[] = [];
  LIST_ELEMENT.lastIndex = 0;
  while (LIST_ELEMENT.lastIndex < header.length) {
    const match = LIST_ELEMENT.exec(header);
    if (match === null) return undefined;
    const [, weak, opaque, separator] = match;
    if (opaque !== undefined) tags.push({ weak: weak !== undefined, opaque });
    if (separator === '') break;
  }
  return tags;
}
