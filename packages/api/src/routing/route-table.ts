import type { Request } from 'express';
import type { z } from 'zod';

import type { Scope } from '@proj/application/edge';

import type { ProblemCode } from '../http/problems/catalog.js';
import type { ProblemFieldError } from '../http/problems/problem-details.js';
import type { HeaderName, ParameterName } from '../openapi/openapi-components.js';
import type { Deprecation } from './deprecation.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A version of the API the tables are mounted under: `{ name: 'v1', prefix: '/v1' }`. */
export interface ApiVersion {
  readonly name: string;
  readonly prefix: string;
  /**
   * Appended to the operationIds of this version (`updateUserV2`), which must be unique across the
   * document; the first version has none, so that its operationIds never change.
   */
  readonly operationIdSuffix?: string;
}

/** A documented success response. Every response also documents `X-Request-Id`; every 2xx the `RateLimit-*` headers. */
export interface SuccessResponse {
  readonly description: string;
  /** The JSON body; absent for a response without one (304). */
  readonly body?: z.ZodType;
  /** Headers of {@link Reply.headers} and the ETag of {@link Reply.version}, by their component name. */
  readonly headers?: readonly HeaderName[];
}

/** What a handler answers; the route sends it (and turns it into a 304 when `If-None-Match` names `version`). */
export interface Reply {
  readonly status: number;
  /** The JSON body; absent: no body. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** The version of the resource (a number, or an opaque revision of ETag characters), sent as its ETag. */
  readonly version?: number | string;
}

/** The parsed request: what the schemas of {@link OperationSpec.request} made of it. */
export interface OperationInput<P, Q, H, B> {
  readonly params: P;
  readonly query: Q;
  readonly headers: H;
  readonly body: B;
}

/** What a handler may use besides its input. */
export interface HandlerContext<U> {
  /** The use cases of the context, as given to `createApp`. */
  readonly useCases: U;
  /** The typed request context (principal, idempotency key, logger, ...). */
  readonly locals: Express.Locals;
  /** The version the request came through. */
  readonly version: ApiVersion;
  readonly request: Request;
}

type AnyObject = z.ZodType<Record<string, unknown>>;

/**
 * One operation, declared once: the Express route and the OpenAPI operation are both built from
 * it. Paths are below the version prefix and in OpenAPI's template syntax
 * (`/accounts/users/{user_id}`).
 */
export interface OperationSpec<U, P extends AnyObject, Q extends AnyObject, H extends AnyObject, B extends z.ZodType> {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** The scope the bearer token must grant; checked before the body is even read. */
  readonly scope: Scope;
  readonly summary: string;
  readonly description: string;
  readonly request?: {
    readonly params?: P;
    /** Default: no query parameters at all (any is a 422). */
    readonly query?: Q;
    readonly headers?: H;
    /** A JSON body, parsed (and limited) for this operation only. */
    readonly body?: {
      readonly schema: B;
      readonly description: string;
      readonly examples: Readonly<Record<string, { readonly summary: string; readonly value: unknown }>>;
    };
    /** Shared header parameters, documented by reference (`IfMatch`); the handler reads them. */
    readonly headerParameters?: readonly ParameterName[];
  };
  /** `Idempotency-Key` support (POST): replays, conflicts, and the key in `locals.idempotency`. */
  readonly idempotent?: boolean;
  /**
   * The request must carry `If-Match` (RFC 6585): without it, 428 `precondition_required` before
   * the body is read, and the document marks the header required.
   */
  readonly requireIfMatch?: boolean;
  readonly responses: Readonly<Record<number, SuccessResponse>>;
  /**
   * Problems particular to this operation (`user_not_found`). Those every operation can answer
   * (401, 403, 422, 429, 500, 503), those of a body (400, 413, 415) and of an idempotent operation
   * are added by the table.
   */
  readonly problems?: readonly ProblemCode[];
  /** What the examples of its problems show: the path parameters and the field of the 422. */
  readonly examples?: {
    readonly params?: Readonly<Record<string, string>>;
    readonly invalidField?: ProblemFieldError;
  };
  /**
   * The use case's own checks of the fields whose shape is right, run only when another field's
   * shape is wrong, so that one 422 lists every invalid field (the use case checks them itself
   * when the shape is right). Given the path parameters and body fields that passed.
   */
  readonly checkFields?: (fields: Readonly<Record<string, unknown>>) => readonly ProblemFieldError[];
  /** Parse -> execute -> map; the route sends the reply. Errors go to the error handler. */
  handle(input: OperationInput<z.output<P>, z.output<Q>, z.output<H>, z.output<B>>, context: HandlerContext<U>): Promise<Reply>;
  /**
   * What differs in a version (the extension point for `/v2`): fields that replace this
   * operation's in that version, or `null` when the version does not have it. Absent: the same.
   */
  readonly versions?: Readonly<Record<string, Partial<Omit<Operation<U>, 'versions'>> | null>>;
  /**
   * Deprecated, with the day it was and its sunset: marked `deprecated` in the document, and every
   * response carries `Deprecation`, `Sunset` and `Link` (see `announceDeprecation`).
   */
  readonly deprecation?: Deprecation;
}

/** An operation of a table, its schemas erased. */
export type Operation<U> = OperationSpec<U, AnyObject, AnyObject, AnyObject, z.ZodType>;

/** The operations of one context (accounts, capture), with the tag that groups them in the document. */
export interface RouteTable<U> {
  readonly tag: { readonly name: string; readonly description: string };
  readonly operations: readonly Operation<U>[];
}

/**
 * Declares a context's route table. `operation` only types each declaration (its handler's input
 * comes from its schemas); the table is data.
 */
export function routeTable<U>(
  tag: RouteTable<U>['tag'],
  declare: (
    operation: <
      P extends AnyObject = z.ZodObject<Record<string, never>>,
      Q extends AnyObject = z.ZodObject<Record<string, never>>,
      H extends AnyObject = z.ZodObject<Record<string, never>>,
      B extends z.ZodType = z.ZodUndefined,
    >(
      spec: OperationSpec<U, P, Q, H, B>,
    ) => Operation<U>,
  ) => readonly Operation<U>[],
): RouteTable<U> {
  return { tag, operations: declare((spec) => spec) };
}

/**
 * The operations of `table` as `version` has them: its overrides applied, and the version's
 * operationId suffix added unless the override names the operationId itself.
 */
export function operationsIn<U>(table: RouteTable<U>, version: ApiVersion): Operation<U>[] {
  return table.operations.flatMap((operation) => {
    const override = operation.versions?.[version.name];
    if (override === null) return [];
    const operationId = override?.operationId ?? `${operation.operationId}${version.operationIdSuffix ?? ''}`;
    return [{ ...operation, ...override, operationId }];
  });
}
