import { HttpError } from './http-error.js';

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
      return new HttpError({
        status: 400,
        code: 'malformed_json',
        detail: 'The request body is not well-formed JSON, or its top level is not an object or an array.',
        cause: error,
      });
    case 'entity.too.large':
      return new HttpError({
        status: 413,
        code: 'payload_too_large',
        detail: 'The request body is larger than this server accepts.',
        cause: error,
      });
    case 'encoding.unsupported':
      return new HttpError({
        status: 415,
        code: 'unsupported_media_type',
        detail: 'The Content-Encoding of the request body is not supported; send it uncompressed, or gzip/deflate/br encoded.',
        cause: error,
      });
    case 'charset.unsupported':
      return new HttpError({
        status: 415,
        code: 'unsupported_media_type',
        detail: 'The charset of the request body is not supported; send UTF-8.',
        cause: error,
      });
    default:
      return status >= 400 && status < 500
        ? new HttpError({ status: 400, code: 'bad_request', detail: 'The request body could not be read.', cause: error })
        : undefined;
  }
}
