import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

import { problem, type HttpError } from '../problems/http-error.js';

const UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** Bytes in a size written as `100kb`, `1mb` or `512b` (the syntax of the body-limit setting). */
export function parseByteSize(size: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(size.trim());
  if (match === null) throw new Error(`not a size such as 100kb: ${size}`);
  return Number(match[1]) * (UNITS[(match[2] ?? 'b').toLowerCase()] ?? 1);
}

/** The body's bytes, or the problem that refused it. */
export type ReadBody = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly problem: HttpError };

/**
 * Reads a request body of at most `limit` bytes, as sent and once decoded:
 * - a declared `Content-Length` over the limit is refused at once, before a byte is read;
 * - a body that grows past the limit (chunked, or inflating) is cut there: reading stops;
 * - a Content-Encoding other than gzip, deflate, br or identity -> 415; a corrupt stream or an
 *   aborted upload -> 400 `bad_request`.
 * After a refusal the rest of the body is left unread: the server answers with
 * `Connection: close` and closes after a bounded drain (decision 0111).
 */
export function readRequestBody(req: IncomingMessage, limit: number, res?: ServerResponse): Promise<ReadBody> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.resolve({ ok: false, problem: problem('payload_too_large') });
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let decoder: Transform | undefined;
  switch (encoding) {
    case 'identity':
      break;
    case 'gzip':
    case 'x-gzip':
      decoder = createGunzip();
      break;
    case 'deflate':
      decoder = createInflate();
      break;
    case 'br':
      decoder = createBrotliDecompress();
      break;
    default:
      return Promise.resolve({ ok: false, problem: problem('unsupported_media_type', { args: ['encoding'] }) });
  }
  const decoded: Readable = decoder === undefined ? req : req.pipe(decoder);
  // The client waits for this before sending the body (the server leaves it to the reader, so that
  // it follows authentication and the checks above).
  if (res !== undefined && !res.headersSent && req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (result: ReadBody): void => {
      if (settled) return;
      settled = true;
      decoded.off('data', onData);
      if (decoder !== undefined) {
        req.unpipe(decoder);
        decoder.destroy();
      }
      // What is left of a refused body is discarded, within the server's bound after the answer.
      if (!result.ok) req.resume();
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limit) finish({ ok: false, problem: problem('payload_too_large') });
      else chunks.push(chunk);
    };
    decoded.on('data', onData);
    decoded.once('end', () => finish({ ok: true, bytes: Buffer.concat(chunks, received) }));
    decoded.once('error', (error) => finish({ ok: false, problem: problem('bad_request', { cause: error }) }));
    req.once('aborted', () => finish({ ok: false, problem: problem('bad_request') }));
    req.once('error', (error) => finish({ ok: false, problem: problem('bad_request', { cause: error }) }));
  });
}
