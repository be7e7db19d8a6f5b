import type { RequestHandler } from 'express';

import { problem } from '../problems/http-error.js';

/**
 * Refuses a request with more than one `Host` header, or an HTTP/1.1 request with none (RFC 9112
 * §3.2), with 400 `bad_request` as problem+json: two hosts leave it to each hop to pick one, the
 * start of request smuggling and cache poisoning. Node's own refusal of a missing `Host` (a bare
 * 400) is turned off in the HTTP server so that this one answers.
 */
export function singleHost(): RequestHandler {
  return function requireSingleHost(req, _res, next) {
    let hosts = 0;
    for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]?.toLowerCase() === 'host') hosts += 1;
    if (hosts > 1 || (hosts === 0 && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1)) {
      next(problem('bad_request', { args: ['request'] }));
      return;
    }
    next();
  };
}
