import addFormats from 'ajv-formats';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Response } from 'supertest';

type Json = Record<string, unknown>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** One operation of an OpenAPI document, with its parameters' `$ref`s resolved. */
export interface DocumentedOperation {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly parameters: readonly Parameter[];
  readonly requestBody: { readonly schema: Json; readonly examples: readonly unknown[] } | undefined;
  readonly statuses: readonly number[];
}

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schema: Json;
  readonly example: unknown;
}

/** Follows a local `$ref` (`#/components/...`) inside `document`; anything else is returned as is. */
export function resolve(document: Json, value: unknown): Json {
  let current = value as Json;
  while (typeof current['$ref'] === 'string') {
    const pointer = current['$ref'].replace(/^#\//, '').split('/').map(unescapePointer);
    current = pointer.reduce<Json>((node, key) => node[key] as Json, document);
  }
  return current;
}

/** Every operation the document describes, in document order. */
export function operationsOf(document: Json): DocumentedOperation[] {
  const paths = document['paths'] as Record<string, Json>;
  return Object.entries(paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method] !== undefined).map((method) => {
      const operation = item[method] as Json;
      const parameters = ((operation['parameters'] as unknown[] | undefined) ?? []).map(
        (p) => resolve(document, p) as unknown as Parameter,
      );
      const body = operation['requestBody'] as Json | undefined;
      const json = body === undefined ? undefined : ((body['content'] as Record<string, Json>)['application/json'] as Json);
      const examples =
        json === undefined
          ? []
          : Object.values((json['examples'] as Record<string, Json> | undefined) ?? {}).map((example) => example['value']);
      return {
        method,
        path,
        operationId: operation['operationId'] as string,
        parameters,
        requestBody: json === undefined ? undefined : { schema: resolve(document, json['schema']), examples },
        statuses: Object.keys(operation['responses'] as Json).map(Number),
      };
    }),
  );
}

/**
 * Checks real responses against what the document declares for them, with a JSON Schema 2020-12
 * validator reading the document itself (not the zod schemas it was generated from).
 */
/** Headers sent only in some cases of a declared response: when to retry, and replays of an idempotent request. */
const CONDITIONAL_HEADERS = new Set(['Retry-After', 'Idempotent-Replayed']);

export class ResponseContract {
  readonly #document: Json;
  readonly #ajv: Ajv2020;
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(document: Json) {
    this.#document = document;
    // OpenAPI keywords such as `example` are not JSON Schema vocabulary: ignore, don't reject.
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats.default(this.#ajv);
    this.#ajv.addSchema(document, 'openapi.json');
  }

  /** Every way `response` departs from the document's description of `operation`; empty when none. */
  violations(operation: DocumentedOperation, response: Response): string[] {
    const status = String(response.status);
    const declared = ((this.#document['paths'] as Record<string, Json>)[operation.path]?.[operation.method] as Json)['responses'] as Record<
      string,
      Json
    >;
    const description = declared[status] === undefined ? undefined : resolve(this.#document, declared[status]);
    if (description === undefined) return [`status ${status} is not declared (declared: ${Object.keys(declared).join(', ')})`];
    const violations: string[] = [];
    for (const header of Object.keys((description['headers'] as Json | undefined) ?? {})) {
      if (!CONDITIONAL_HEADERS.has(header) && response.headers[header.toLowerCase()] === undefined)
        violations.push(`header ${header} is declared but missing`);
    }
    const content = description['content'] as Record<string, Json> | undefined;
    if (content === undefined) {
      if (response.text !== '' && response.text !== undefined)
        violations.push(`a body was sent where none is declared: ${response.text.slice(0, 80)}`);
      return violations;
    }
    const mediaType =
      String(response.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    if (content[mediaType] === undefined)
      return [...violations, `media type ${mediaType || '(none)'} is not declared (declared: ${Object.keys(content).join(', ')})`];
    const validate = this.#validator([operation.path, operation.method, 'responses', status, 'content', mediaType, 'schema']);
    if (!validate(JSON.parse(response.text) as unknown)) {
      violations.push(...(validate.errors ?? []).map((error) => `body${error.instancePath} ${error.message ?? 'is invalid'}`));
    }
    return violations;
  }

  #validator(pointer: readonly string[]): ValidateFunction {
    const ref = `openapi.json#/paths/${pointer.map((segment) => encodeURIComponent(escapePointer(segment))).join('/')}`;
    let validate = this.#validators.get(ref);
    if (validate === undefined) {
      validate = this.#ajv.compile({ $ref: ref });
      this.#validators.set(ref, validate);
    }
    return validate;
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}
