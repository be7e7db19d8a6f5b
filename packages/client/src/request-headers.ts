/**
 * Header parameters for a POST that may be retried safely: the same key replays the first answer
 * instead of creating twice. Give one key per intended creation (and reuse it for its retries);
 * without `key`, a new random UUID.
 */
export function idempotencyKey(key: string = crypto.randomUUID()): { readonly 'Idempotency-Key': string } {
  return { 'Idempotency-Key': key };
}

/**
 * Header parameters for an update based on the version `etag` (from {@link etagOf}): the update
 * is refused with 412 `precondition_failed` if the resource changed since. Required by v2 `PATCH`.
 */
export function ifMatch(etag: string): { readonly 'If-Match': string } {
  return { 'If-Match': etag };
}

/** The ETag of a response (the version of the resource it carries). Throws when it has none. */
export function etagOf(response: Response): string {
  const etag = response.headers.get('ETag');
  if (etag === null) throw new Error(`the response to ${response.url || 'the request'} has no ETag`);
  return etag;
}
