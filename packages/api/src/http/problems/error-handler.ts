import type { ErrorRequestHandler } from 'express';

import type { LogFields } from '@proj/application';
import { DependencyUnavailableError } from '@proj/application/errors';

import { routeTemplateOf } from '../support/route-template.js';
import { mapError } from './map-error.js';
import { sendProblem } from './send-problem.js';

/**
 * The last middleware: turns any error into an RFC 9457 problem (see {@link mapError}) and logs it
 * once, through the request's logger: 500s at error with the stack, 503s at warn, 4xx at debug
 * with the code only (never bodies). If the response has already started, the error is passed on
 * so Express closes the connection.
 */
export function errorHandler(): ErrorRequestHandler {
  return function handleError(error: unknown, req, res, next): void {
    const mapping = mapError(error);
    const { logger } = res.locals;
    const context = { method: req.method, route: routeTemplateOf(res), status: mapping.status, code: mapping.code };
    switch (mapping.severity) {
      case 'unexpected':
        logger.error('unhandled error', { ...context, error: describeError(error) });
        break;
      case 'unavailable':
        logger.warn('dependency unavailable', {
          ...context,
          dependency: error instanceof DependencyUnavailableError ? error.dependency : undefined,
          error: describeError(error),
        });
        break;
      case 'expected':
        logger.debug('request rejected', context);
        break;
    }
    if (res.headersSent) {
      next(error);
      return;
    }
    sendProblem(req, res, mapping);
  };
}

function describeError(error: unknown, depth = 0): LogFields {
  if (!(error instanceof Error)) return { value: String(error) };
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(error.cause !== undefined && depth < 3 ? { cause: describeError(error.cause, depth + 1) } : {}),
  };
}
