import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';

import type { Logger } from '@proj/application';

import { PROBLEM_CONTENT_TYPE, problemDetails, type ProblemInit } from './problem-details.js';

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Content Too Large',
  431: 'Request Header Fields Too Large',
};

/** Node's own choices of status for a request it cannot parse, with this service's codes. */
function problemFor(code: string | undefined): ProblemInit {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'request_header_fields_too_large',
        detail: 'The request line or headers are larger than this server accepts.',
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: 'payload_too_large', detail: 'The request body is larger than this server accepts.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'request_timeout', detail: 'The request was not received in time.' };
    case undefined:
    default:
      return { status: 400, code: 'bad_request', detail: 'The request is not valid HTTP.' };
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
    options.logger.debug('unparseable request rejected', {
      request_id: requestId,
      status: problem.status,
      code: problem.code,
      reason: error.code,
    });
    const body = JSON.stringify(problemDetails(problem, { instance: '', requestId }));
    socket.end(
      `HTTP/1.1 ${problem.status} ${STATUS_TEXT[problem.status] ?? 'Bad Request'}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  };
}
