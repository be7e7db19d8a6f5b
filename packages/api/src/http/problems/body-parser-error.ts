import { problem, type HttpError } from './http-error.js';

/**
 * Translates an error that Express's body parser passed on into the problem the client should see.
 * Its typed errors are mapped one by one; its other 4xx errors (a corrupt gzip stream, a
 * Content-Length that does not match, an aborted upload) become 400 `bad_request`. Returns
 * `undefined` for anything else, which then is a 500.
 */
export function fromBodyParserError(error: unknown): HttpError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (typeof status !== 'number') return undefined;
  switch (type) {
    case 'entity.parse.failed':
      return problem('malformed_json', { cause: error });
    case 'entity.too.large':
      return problem('payload_too_large', { cause: error });
    case 'encoding.unsupported':
      return problem('unsupported_media_type', { args: ['encoding'], cause: error });
    case 'charset.unsupported':
      return problem('unsupported_media_type', { args: ['charset'], cause: error });
    default:
      return status >= 400 && status < 500 ? problem('bad_request', { cause: error }) : undefined;
  }
}
