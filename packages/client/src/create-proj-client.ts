import createClient, { type Client, type Middleware } from 'openapi-fetch';

import { ProblemError } from './problem-error.js';
import type { paths } from './schema.gen.js';

/** The typed client: `GET`, `POST`, `PATCH`, ... on every path of every API version. */
export type ProjClient = Client<paths>;

export interface ProjClientOptions {
  /** Where the API is: `https://api.example.com` (paths start with their version, `/v2/...`). */
  readonly baseUrl: string;
  /** The bearer token sent on every call, or a function giving the current one (called per request). */
  readonly token?: string | (() => string | Promise<string>);
  /** Headers sent on every call (`X-Request-Id` is better set per call). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The fetch to use; default the global one. */
  readonly fetch?: (request: Request) => Promise<Response>;
}

/**
 * A client of the proj API, typed from its OpenAPI document: paths, parameters, bodies and answers
 * are checked by the compiler. Every error answer (status 400 or more) rejects the call with a
 * {@link ProblemError}, so a resolved call is a success (or a 304):
 *
 * ```ts
 * const api = createProjClient({ baseUrl, token });
 * const { data: user, response } = await api.GET('/v2/accounts/users/{user_id}', { params: { path: { user_id } } });
 * ```
 */
export function createProjClient(options: ProjClientOptions): ProjClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  client.use(problemsAsErrors);
  const { token } = options;
  if (token !== undefined) {
    client.use({
      async onRequest({ request }) {
        request.headers.set('Authorization', `Bearer ${typeof token === 'string' ? token : await token()}`);
        return request;
      },
    });
  }
  return client;
}

const problemsAsErrors: Middleware = {
  async onResponse({ response }) {
    const problem = await ProblemError.from(response);
    if (problem !== undefined) throw problem;
    return undefined;
  },
};

/**
 * The data of a resolved call, typed without its `undefined` (errors were thrown already): for the
 * operations that always answer with a body on success. Throws for an answer without one (a 304).
 */
export async function dataOf<T>(call: Promise<{ readonly data?: T; readonly response: Response }>): Promise<T> {
  const { data, response } = await call;
  if (data === undefined) throw new Error(`HTTP ${response.status} has no body`);
  return data;
}
