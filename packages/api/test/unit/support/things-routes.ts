import { z } from '../../../src/openapi/zod.js';
import { routeTable, type ApiVersion } from '../../../src/routing/route-table.js';

/** What the operations of {@link thingsRoutes} record of their input. */
export interface Things {
  readonly seen: unknown[];
}

export const V1: ApiVersion = { name: 'v1', prefix: '/v1' };
export const V2: ApiVersion = { name: 'v2', prefix: '/v2' };
/** A version with an operationId suffix, where the change requires `If-Match`. */
export const V3: ApiVersion = { name: 'v3', prefix: '/v3', operationIdSuffix: 'V3' };

const ThingParams = z.object({ thing_id: z.string().regex(/^\d+$/, 'must be digits') });
const ThingBody = z.strictObject({ name: z.string({ error: 'must be a string' }), size: z.number({ error: 'must be a number' }) });

/**
 * A table for tests of the route table mechanism: a read with a query and a version (deprecated,
 * under another operationId, in v2), a change with a body and field checks, and an idempotent
 * creation; v2 has only the read; v3 has the read and a change that requires `If-Match`.
 */
export const thingsRoutes = routeTable<Things>({ name: 'Things', description: 'Things.' }, (operation) => [
  operation({
    operationId: 'getThing',
    method: 'get',
    path: '/things/{thing_id}',
    scope: 'accounts:read',
    summary: 'Get a thing',
    description: 'One thing.',
    request: {
      params: ThingParams,
      query: z.strictObject({ verbose: z.enum(['true', 'false']).optional() }),
      headerParameters: ['IfNoneMatch'],
    },
    responses: {
      200: { description: 'The thing.', body: z.object({ id: z.string() }), headers: ['ETag'] },
      304: { description: 'Unchanged.' },
    },
    problems: ['user_not_found'],
    examples: { params: { thing_id: '42' } },
    async handle({ params, query }, { useCases, locals, version }) {
      useCases.seen.push({ params, query, template: locals.routeTemplate, version: version.name });
      return { status: 200, body: { id: params.thing_id }, version: 7 };
    },
    versions: { v2: { deprecation: { since: '2026-01-01', sunset: '2026-07-01' }, operationId: 'getThingV2' } },
  }),
  operation({
    operationId: 'renameThing',
    method: 'patch',
    path: '/things/{thing_id}',
    scope: 'accounts:write',
    summary: 'Rename a thing',
    description: 'Renames it.',
    request: {
      params: ThingParams,
      headerParameters: ['IfMatch'],
      body: { schema: ThingBody, description: 'The change.', examples: { one: { summary: 'One', value: { name: 'a', size: 1 } } } },
    },
    responses: { 204: { description: 'Renamed.' } },
    checkFields: (fields) =>
      typeof fields['name'] === 'string' && fields['name'].length > 3 ? [{ path: 'name', message: 'is too long' }] : [],
    async handle({ body }, { useCases }) {
      useCases.seen.push(body);
      return { status: 204, headers: { 'X-Renamed': 'yes' } };
    },
    versions: { v2: null, v3: { requireIfMatch: true } },
  }),
  operation({
    operationId: 'makeThing',
    method: 'post',
    path: '/things',
    scope: 'accounts:write',
    summary: 'Make a thing',
    description: 'Makes one.',
    request: { body: { schema: ThingBody, description: 'It.', examples: { a: { summary: 'A', value: { name: 'a', size: 1 } } } } },
    idempotent: true,
    responses: { 201: { description: 'Made.', headers: ['Location'] } },
    async handle({ body }, { useCases, version }) {
      useCases.seen.push(body);
      return { status: 201, headers: { Location: `${version.prefix}/things/1` } };
    },
    versions: { v2: null, v3: null },
  }),
]);
