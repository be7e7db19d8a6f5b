import { ErrorReply } from 'redis';

import { DependencyUnavailableError } from '@proj/application/errors';

const RETRY_AFTER_SECONDS = 1;
/** Replies by which a live server says it cannot serve now (as opposed to a bug in the command). */
const UNAVAILABLE_REPLIES = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|OOM|MISCONF|READONLY|CLUSTERDOWN)\b/;

/**
 * Turns a failure to reach or hear from Redis (offline, closed, timed out, or a server reply
 * meaning "not now") into a DependencyUnavailableError; returns any other error unchanged.
 */
export function mapRedisError(error: unknown): unknown {
  if (error instanceof ErrorReply && !UNAVAILABLE_REPLIES.test(error.message)) return error;
  return new DependencyUnavailableError('redis', RETRY_AFTER_SECONDS, { cause: error });
}
