import type { RequestHandler } from 'express';

/**
 * That an operation is deprecated, and until when it is served: declared once per operation (in
 * its `versions` override), read by the router (headers, metric) and the document (`deprecated`).
 */
export interface Deprecation {
  /** The day it was deprecated, `YYYY-MM-DD` (midnight UTC): the `Deprecation` header (RFC 9745). */
  readonly since: string;
  /** The day after which it may stop being served, `YYYY-MM-DD` (midnight UTC): the `Sunset` header (RFC 8594). */
  readonly sunset: string;
}

/**
 * Where the `Link: <…>; rel="deprecation"` of a deprecated operation points: the versioning policy
 * and changelog, a section of the API description that ReDoc shows at this anchor.
 */
export const DEPRECATION_POLICY_LINK = '/redoc#section/Versioning';

/** Who called a deprecated operation, and which (the deprecated-calls metric's labels). */
export interface DeprecatedCall {
  /** The operationId in the version called (`updateUser`). */
  readonly operation: string;
  /** The bearer token's subject. */
  readonly caller: string;
}

function midnightUtc(day: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a YYYY-MM-DD day: ${day}`);
  const date = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) throw new Error(`not a day: ${day}`);
  return date;
}

/**
 * The response headers of a deprecated operation: `Deprecation` as an RFC 9651 date (`@` and
 * Unix seconds, RFC 9745), `Sunset` as an IMF-fixdate (RFC 8594), and the `Link` to the policy.
 * Throws on a malformed day, so that a bad declaration fails when the routes are built.
 */
export function deprecationHeaders(deprecation: Deprecation): Readonly<Record<'Deprecation' | 'Sunset' | 'Link', string>> {
  const since = midnightUtc(deprecation.since);
  const sunset = midnightUtc(deprecation.sunset);
  if (sunset <= since) throw new Error(`sunset ${deprecation.sunset} is not after ${deprecation.since}`);
  return {
    Deprecation: `@${since.getTime() / 1000}`,
    Sunset: sunset.toUTCString(),
    Link: `<${DEPRECATION_POLICY_LINK}>; rel="deprecation"; type="text/html"`,
  };
}

/**
 * Sets the deprecation headers on every response of the operation (problems included), and counts
 * the call by operation and caller so that operators see who still calls it before the sunset.
 */
export function announceDeprecation(
  operationId: string,
  deprecation: Deprecation,
  countCall: (call: DeprecatedCall) => void,
): RequestHandler {
  const headers = deprecationHeaders(deprecation);
  return function announceDeprecation(_req, res, next) {
    res.set(headers);
    countCall({ operation: operationId, caller: res.locals.principal?.subject ?? 'anonymous' });
    next();
  };
}
