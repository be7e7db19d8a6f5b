import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

import type { Logger } from '@proj/application';

import { detailOf, PROBLEMS } from './catalog.js';
import { PROBLEM_CONTENT_TYPE, problemDetails, type ProblemInit } from './problem-details.js';

/** Node's own choices of status for a request it cannot parse, with this service's codes. */
function problemFor(code: string | undefined): ProblemInit {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { code: 'request_header_fields_too_large', detail: detailOf('request_header_fields_too_large') };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { code: 'payload_too_large', detail: detailOf('payload_too_large') };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { code: 'request_timeout', detail: detailOf('request_timeout') };
    case undefined:
    default:
      return { code: 'bad_request', detail: detailOf('bad_request', 'request') };
  }
}

/**
 * A handler for the HTTP server's `clientError` event: requests Node cannot parse (oversized
 * request line or headers, invalid syntax, too slow to arrive) never reach Express, and would
 * otherwise get a bare status line. They get a problem+json body like every other error, with a
 * fresh request id, and are logged at debug. The connection is closed afterwards.
 */
export function clientErrorHandler(options: { readonly logger: Logger }): (error: Error & { code?: string }, socket: Duplex) => void {
  return function answerClientError(error, socket) {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const requestId = randomUUID();
    const problem = problemFor(error.code);
    const { status } = PROBLEMS[problem.code];
    options.logger.debug('unparseable request rejected', {
      request_id: requestId,
      status,
      code: problem.code,
      reason: error.code,
    });
    const body = JSON.stringify(problemDetails(problem, { instance: '', requestId }));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  };
}
