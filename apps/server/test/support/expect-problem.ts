import { expect } from 'chai';
import type { Response } from 'supertest';

const PROBLEM = /^application\/problem\+json/;
const PROBLEM_MEMBERS = ['type', 'title', 'status', 'detail', 'instance', 'code', 'request_id'];

/**
 * Asserts an RFC 9457 problem response: the status, the media type, the stable `code`, the
 * request id echoed in header and body, and no member beyond the documented ones.
 */
export function expectProblem(response: Response, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).to.equal(status);
  expect(response.headers['content-type']).to.match(PROBLEM);
  expect(response.body).to.include({ status, code, type: `https://proj.dev/problems/${code}` });
  expect(response.body.request_id).to.be.a('string').and.equal(response.headers['x-request-id']);
  expect(response.body).to.have.keys([...PROBLEM_MEMBERS, ...(response.body.errors ? ['errors'] : [])]);
  expect(response.headers['cache-control']).to.equal('no-store');
}

/** The `path` of every field error of a 422 problem. */
export function problemPaths(response: Response): string[] {
  return (response.body.errors as Array<{ path: string }>).map((error) => error.path);
}
