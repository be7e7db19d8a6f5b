import { InputValidationError } from '@proj/application/errors';

import { HttpError } from './http-error.js';

/** A strong entity tag from a resource's version: `"3"`. */
export function entityTag(version: number): string {
  return `"${version}"`;
}

/** What an `If-Match` header asks for (RFC 9110 §13.1.1), in terms of versions. */
export type IfMatch =
  /** No `If-Match`: the change is unconditional. */
  | { readonly kind: 'absent' }
  /** `*`: any current version. */
  | { readonly kind: 'any' }
  /** One entity tag this API issued: apply the change only at this version. */
  | { readonly kind: 'version'; readonly version: number };

// RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text.
const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;
const OUR_VERSION = /^[1-9]\d{0,14}$/;

/**
 * Reads `If-Match`. A single strong tag of ours (`"3"`) becomes a version. A well-formed tag that
 * can never match (weak, as If-Match compares strongly, or not one we issue) fails the
 * precondition at once. A malformed header or a list of several tags is invalid input.
 * @throws HttpError 412 `precondition_failed`; InputValidationError (422) for a malformed header.
 */
export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined) return { kind: 'absent' };
  const value = header.trim();
  if (value === '*') return { kind: 'any' };
  const match = ENTITY_TAG.exec(value);
  if (match === null) {
    throw new InputValidationError([{ path: 'If-Match', message: 'must be one entity tag, as sent in ETag, or *' }]);
  }
  const [, weak, opaque = ''] = match;
  if (weak !== undefined || !OUR_VERSION.test(opaque)) {
    throw new HttpError({
      status: 412,
      code: 'precondition_failed',
      detail: 'If-Match does not name a current entity tag of this resource. Read it again to get its ETag.',
    });
  }
  return { kind: 'version', version: Number(opaque) };
}
