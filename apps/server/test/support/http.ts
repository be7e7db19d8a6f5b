import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `condition` every 50 ms until it holds, for at most `withinMs` (a bound, not a timing assertion). */
export async function eventually(condition: () => Promise<boolean> | boolean, withinMs = 20_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${withinMs} ms`);
    await sleep(50);
  }
}

/** A request body for a new user with a unique e-mail. */
export function newUserBody(name = 'Test User'): { email: string; full_name: string } {
  return { email: `u-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}@example.com`, full_name: name };
}

/**
 * Registers a user over a real socket: POSTs `body` as JSON to `/v1/accounts/users` of the server at
 * `baseUrl`, with a bearer `token` and `headers` (a traceparent, a request id, an idempotency key).
 */
export function postUser(baseUrl: string, token: string, body: object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/v1/accounts/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
}
