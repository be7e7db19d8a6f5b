import { CAPTURE_DEFAULT_PAGE_SIZE, CAPTURE_MAX_PAGE_SIZE, SIMILAR_DEFAULT_LIMIT, SIMILAR_MAX_LIMIT } from '@proj/application';

import { pageLimitParameter, queryValue, requiredString } from '../openapi/request-fields.js';
import { z } from '../openapi/zod.js';

// The examples name what `pnpm db:seed` creates (the first demo user, its first artifact and subspace),
// so that Swagger UI's "Try it out" works on a seeded development database as it is.
export const EXAMPLE_USER_ID = '019b78c9-0a80-7000-8000-000000000001';
export const EXAMPLE_ARTIFACT_ID = '019b78c9-0a80-7000-8000-0000000a0001';
export const EXAMPLE_SUBSPACE_ID = '019b78c9-0a80-7000-8000-0000000b0001';
const EXAMPLE_SIGNAL_ID = '019b78c9-0a80-7000-8000-0000000c0001';
const TIMESTAMP_EXAMPLE = '2026-01-01T12:00:00.000Z';
const CURSOR_EXAMPLE =
  'YTE6MTc2NzI2OTYwMDAwMDowMTliNzhjOS0wYTgwLTcwMDAtODAwMC0wMDAwMDAwMGEwMDE.Rk9fZXhhbXBsZV9vbmx5X25vdF9hX3JlYWxfbWFjX3g';
/** The default dimension of the embedding space (`PROJ_CAPTURE_EMBEDDING_DIMENSION`), which the examples use. */
const EXAMPLE_DIMENSION = 384;
const LEVELS = ['glanced', 'skimmed', 'read', 'studied'] as const;

/** A deterministic unit-length vector of the default dimension, for examples: a direction keyed by `seed`. */
export function exampleEmbedding(seed: number): number[] {
  const raw = Array.from({ length: EXAMPLE_DIMENSION }, (_, i) => Math.sin((i + 1) * (seed + 1) * 0.37) + (i % (seed + 2) === 0 ? 1 : 0));
  const norm = Math.sqrt(raw.reduce((sum, value) => sum + value * value, 0));
  return raw.map((value) => Math.round((value / norm) * 1e6) / 1e6);
}

const requiredNumber = (what: string) => z.number({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`) });
const objectError = { error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : 'must be a JSON object') };

const cursorParameter = queryValue('a string')
  .optional()
  .openapi({
    param: {
      description:
        'The `next_cursor` of the previous page, unchanged. Omit it for the first page. A cursor this API did not issue for this list, or one that was altered, is a 422.',
      example: CURSOR_EXAMPLE,
    },
  });

const uuidParameter = (description: string, example: string) =>
  requiredString('a string').openapi({ format: 'uuid', param: { description, example } });

const existingUserId = requiredString('a string').openapi({
  format: 'uuid',
  description: 'The id of an existing accounts user.',
  example: EXAMPLE_USER_ID,
});

/** An embedding (or centroid) as JSON carries it; its length and the all-zero rule are the command's. */
const vector = (description: string) =>
  z
    .array(z.number({ error: 'must contain finite numbers only' }), {
      error: (issue) => (issue.input === undefined ? 'is required' : 'must be an array of numbers'),
    })
    .openapi({ description, minItems: 1, maxItems: 4096 });

const readingDepth = requiredNumber('a number').openapi({
  minimum: 0,
  maximum: 1.5,
  description:
    'How far the user read, from 0.0 to 1.5 inclusive: 1.0 is read to the end, above that is read again. Outside: 422 `reading_depth out of range`.',
  example: 0.8,
});

const occurredAt = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time' })
  .transform((value) => new Date(value))
  .optional()
  .openapi({
    type: 'string',
    format: 'date-time',
    description: 'When the reading happened (ISO 8601); defaults to when the service received it.',
    example: TIMESTAMP_EXAMPLE,
  });

/** Body of `POST /v1/capture/artifacts`. Zod checks the shape; the command checks the values. */
export const CaptureArtifactBody = z
  .strictObject(
    {
      user_id: existingUserId,
      url: requiredString('a string').openapi({
        format: 'uri',
        maxLength: 2048,
        description: 'Absolute http(s) URL, trimmed, otherwise taken as given: it identifies the artifact per user.',
        example: 'https://example.com/papers/attention',
      }),
      title: z.string({ error: 'must be a string' }).optional().openapi({
        minLength: 1,
        maxLength: 500,
        description: 'Trimmed; fills a missing title of a known artifact.',
        example: 'Attention is all you need',
      }),
      embedding: vector(
        'Exactly `PROJ_CAPTURE_EMBEDDING_DIMENSION` (default 384) finite numbers, not all zero. Kept from the first capture.',
      ),
      reading_depth: readingDepth,
      occurred_at: occurredAt,
    },
    objectError,
  )
  .openapi('CaptureArtifactBody', { description: 'A capture: who read what, how deeply. Unknown fields are rejected.' });
export type CaptureArtifactBody = z.infer<typeof CaptureArtifactBody>;

/** Body of `POST /v1/capture/artifacts/{artifact_id}/signals`. */
export const RecordSignalBody = z
  .strictObject({ reading_depth: readingDepth, occurred_at: occurredAt }, objectError)
  .openapi('RecordSignalBody', { description: 'Another reading of the artifact. Unknown fields are rejected.' });
export type RecordSignalBody = z.infer<typeof RecordSignalBody>;

/** Body of `POST /v1/capture/subspaces`. */
export const CreateSubspaceBody = z
  .strictObject(
    {
      user_id: existingUserId,
      name: requiredString('a string').openapi({
        minLength: 1,
        maxLength: 100,
        description: "Trimmed; 1 to 100 characters; unique among the user's subspaces regardless of letter case.",
        example: 'Machine learning',
      }),
      centroid: vector(
        'The centre of the interest region: exactly `PROJ_CAPTURE_EMBEDDING_DIMENSION` (default 384) finite numbers, not all zero.',
      ),
    },
    objectError,
  )
  .openapi('CreateSubspaceBody', { description: 'A named interest region of a user. Unknown fields are rejected.' });
export type CreateSubspaceBody = z.infer<typeof CreateSubspaceBody>;

export const ArtifactIdParams = z.object({ artifact_id: uuidParameter('The artifact id (a UUID).', EXAMPLE_ARTIFACT_ID) });
export const SubspaceIdParams = z.object({ subspace_id: uuidParameter('The subspace id (a UUID).', EXAMPLE_SUBSPACE_ID) });

/** Query of `GET /v1/capture/artifacts`. Unknown and repeated parameters are refused. */
export const ListArtifactsQuery = z.strictObject(
  {
    user_id: queryValue('a string').openapi({
      format: 'uuid',
      param: { description: 'Whose artifacts (required).', example: EXAMPLE_USER_ID },
    }),
    subspace_id: queryValue('a string')
      .optional()
      .openapi({
        format: 'uuid',
        param: {
          description: 'Only artifacts assigned to this subspace; an unknown one gives an empty page.',
          example: EXAMPLE_SUBSPACE_ID,
        },
      }),
    min_level: queryValue('a string')
      .optional()
      .openapi({
        enum: [...LEVELS],
        param: { description: 'Only artifacts at this engagement level or above (`glanced < skimmed < read < studied`).', example: 'read' },
      }),
    limit: pageLimitParameter(CAPTURE_MAX_PAGE_SIZE, CAPTURE_DEFAULT_PAGE_SIZE, 'Page size'),
    cursor: cursorParameter,
  },
  { error: 'must be an object' },
);

/** Query of `GET /v1/capture/artifacts/{artifact_id}/signals`. */
export const ListSignalsQuery = z.strictObject(
  { limit: pageLimitParameter(CAPTURE_MAX_PAGE_SIZE, CAPTURE_DEFAULT_PAGE_SIZE, 'Page size'), cursor: cursorParameter },
  { error: 'must be an object' },
);

/** Query of `GET /v1/capture/artifacts/{artifact_id}/similar`. */
export const SimilarQuery = z.strictObject(
  { limit: pageLimitParameter(SIMILAR_MAX_LIMIT, SIMILAR_DEFAULT_LIMIT, 'How many artifacts') },
  { error: 'must be an object' },
);

/** Query of `GET /v1/capture/subspaces`. */
export const ListSubspacesQuery = z.strictObject(
  {
    user_id: queryValue('a string').openapi({
      format: 'uuid',
      param: { description: 'Whose subspaces (required).', example: EXAMPLE_USER_ID },
    }),
  },
  { error: 'must be an object' },
);

const timestamp = (description: string) => z.iso.datetime().openapi({ description, example: TIMESTAMP_EXAMPLE });
const level = z.enum(LEVELS).openapi({ description: 'Ordered `glanced < skimmed < read < studied`.', example: 'read' });

/** The artifact representation on the wire (the embedding is stored and used, never echoed). Strict, so that a leak fails validation. */
export const ArtifactResponse = z
  .strictObject({
    id: z.uuid().openapi({ example: EXAMPLE_ARTIFACT_ID }),
    user_id: z.uuid().openapi({ example: EXAMPLE_USER_ID }),
    url: z.string().openapi({ example: 'https://example.com/papers/attention' }),
    title: z.string().nullable().openapi({ example: 'Attention is all you need' }),
    engagement_level: level.openapi({ description: "The highest level of the artifact's signals: it only rises." }),
    max_reading_depth: z.number().openapi({ example: 0.8 }),
    signal_count: z.int().min(1).openapi({ example: 1 }),
    subspace_id: z.uuid().nullable().openapi({
      description: 'The subspace the first capture assigned it to, if the assignment was clear.',
      example: EXAMPLE_SUBSPACE_ID,
    }),
    assignment: z
      .strictObject({
        status: z.enum(['assigned', 'ambiguous', 'no_subspaces']).openapi({ example: 'assigned' }),
        similarity: z
          .number()
          .nullable()
          .openapi({ description: 'Cosine similarity to the best centroid; null with no subspaces.', example: 0.42 }),
        margin: z.number().nullable().openapi({
          description: 'Best minus second-best similarity (the best alone with one subspace); null with no subspaces.',
          example: 0.12,
        }),
      })
      .openapi({ description: 'How the first capture placed the artifact among the user’s subspaces.' }),
    captured_at: timestamp('When it was first captured (ISO 8601, UTC).'),
    last_signal_at: timestamp('When its latest signal occurred.'),
    created_at: timestamp('ISO 8601, UTC.'),
    updated_at: timestamp('ISO 8601, UTC; moves with every signal.'),
  })
  .openapi('Artifact', { description: 'A captured artifact.' });
export type ArtifactResponse = z.infer<typeof ArtifactResponse>;

export const SignalResponse = z
  .strictObject({
    id: z.uuid().openapi({ example: EXAMPLE_SIGNAL_ID }),
    artifact_id: z.uuid().openapi({ example: EXAMPLE_ARTIFACT_ID }),
    reading_depth: z.number().openapi({ example: 0.8 }),
    occurred_at: timestamp('When the reading happened (ISO 8601, UTC).'),
    level_after: level.openapi({ description: "The artifact's level once this signal counted (never below the level before)." }),
  })
  .openapi('Signal', { description: 'An engagement signal: one reading of an artifact.' });
export type SignalResponse = z.infer<typeof SignalResponse>;

export const SubspaceResponse = z
  .strictObject({
    id: z.uuid().openapi({ example: EXAMPLE_SUBSPACE_ID }),
    user_id: z.uuid().openapi({ example: EXAMPLE_USER_ID }),
    name: z.string().openapi({ example: 'Machine learning' }),
    artifact_count: z.int().min(0).openapi({ description: 'Artifacts assigned to it.', example: 3 }),
    created_at: timestamp('ISO 8601, UTC.'),
  })
  .openapi('Subspace', { description: "A named interest region of a user's embedding space." });
export type SubspaceResponse = z.infer<typeof SubspaceResponse>;

const nextCursor = z
  .string()
  .nullable()
  .openapi({ description: 'Pass it as `cursor` to get the next page; `null` on the last page.', example: CURSOR_EXAMPLE });

export const ArtifactPageResponse = z
  .strictObject({
    items: z.array(ArtifactResponse).openapi({ description: 'Artifacts in creation order, oldest first.' }),
    next_cursor: nextCursor,
  })
  .openapi('ArtifactPage', { description: 'A page of artifacts.' });
export type ArtifactPageResponse = z.infer<typeof ArtifactPageResponse>;

export const SignalPageResponse = z
  .strictObject({ items: z.array(SignalResponse).openapi({ description: 'Signals, oldest first.' }), next_cursor: nextCursor })
  .openapi('SignalPage', { description: 'A page of signals.' });
export type SignalPageResponse = z.infer<typeof SignalPageResponse>;

export const SimilarArtifactsResponse = z
  .strictObject({
    items: z
      .array(
        z.strictObject({
          artifact: ArtifactResponse,
          similarity: z.number().min(-1).max(1).openapi({ description: 'Cosine similarity of the two embeddings.', example: 0.87 }),
        }),
      )
      .openapi({ description: "The same user's other artifacts, most similar first." }),
  })
  .openapi('SimilarArtifacts', { description: 'Artifacts like this one.' });
export type SimilarArtifactsResponse = z.infer<typeof SimilarArtifactsResponse>;

export const SubspaceListResponse = z
  .strictObject({ items: z.array(SubspaceResponse).openapi({ description: "The user's subspaces in creation order." }) })
  .openapi('SubspaceList', { description: "A user's subspaces." });
export type SubspaceListResponse = z.infer<typeof SubspaceListResponse>;
