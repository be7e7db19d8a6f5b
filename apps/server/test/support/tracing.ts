import { expect } from 'chai';

import type { RedisServerProcess } from '@proj/infra/testing';

import { postUser } from './http.js';

/** A W3C `traceparent` header value for a sampled call from span `parentSpanId` of trace `traceId`. */
export function traceparent(traceId: string, parentSpanId: string): string {
  return `00-${traceId}-${parentSpanId}-01`;
}

/**
 * Registers a user with the server at `baseUrl`, then reads it back while `redis` hangs, as a call
 * from `parentSpanId` of trace `traceId` with request id `requestId`: the read must still succeed
 * (from the database), and the warnings of the Redis adapters carry that trace and request id.
 */
export async function readUserWhileRedisHangs(
  baseUrl: string,
  token: string,
  redis: RedisServerProcess,
  call: { readonly traceId: string; readonly parentSpanId: string; readonly requestId: string },
): Promise<void> {
  const created = await postUser(baseUrl, token, { email: `hung.${call.requestId}@example.com`, full_name: 'Hung Redis' });
  const { id } = (await created.json()) as { id: string };
  redis.freeze();
  try {
    const read = await fetch(`${baseUrl}/v1/accounts/users/${id}`, {
      headers: {
        authorization: `Bearer ${token}`,
        traceparent: traceparent(call.traceId, call.parentSpanId),
        'x-request-id': call.requestId,
      },
    });
    expect(read.status).to.equal(200);
  } finally {
    redis.thaw();
  }
}
