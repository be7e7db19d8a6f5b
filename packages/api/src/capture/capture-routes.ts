import {
  checkCaptureFields,
  type CaptureHandler,
  type CaptureQueries,
  type CreateSubspaceHandler,
  type RecordSignalHandler,
} from '@proj/application';
import { Scopes } from '@proj/application/edge';

import { routeTable } from '../routing/route-table.js';
import {
  toArtifactPageResponse,
  toArtifactResponse,
  toSignalPageResponse,
  toSignalResponse,
  toSimilarArtifactsResponse,
  toSubspaceListResponse,
  toSubspaceResponse,
} from './capture-response.js';
import {
  ArtifactIdParams,
  ArtifactPageResponse,
  ArtifactResponse,
  CaptureArtifactBody,
  CreateSubspaceBody,
  EXAMPLE_ARTIFACT_ID,
  EXAMPLE_SUBSPACE_ID,
  EXAMPLE_USER_ID,
  exampleEmbedding,
  ListArtifactsQuery,
  ListSignalsQuery,
  ListSubspacesQuery,
  RecordSignalBody,
  SignalPageResponse,
  SignalResponse,
  SimilarArtifactsResponse,
  SimilarQuery,
  SubspaceIdParams,
  SubspaceListResponse,
  SubspaceResponse,
} from './capture-schemas.js';

/** The use cases the capture operations call. */
export interface CaptureUseCases {
  readonly capture: Pick<CaptureHandler, 'execute'>;
  readonly recordSignal: Pick<RecordSignalHandler, 'execute'>;
  readonly createSubspace: Pick<CreateSubspaceHandler, 'execute'>;
  readonly queries: Pick<CaptureQueries, 'getArtifact' | 'listArtifacts' | 'listSignals' | 'findSimilar' | 'getSubspace' | 'listSubspaces'>;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const numeric = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const numbers = (value: unknown): number[] | undefined =>
  Array.isArray(value) && value.every((item) => typeof item === 'number') ? value : undefined;

/** What the capture commands check in the fields of a request whose other fields are malformed. */
const checkFields = (fields: Readonly<Record<string, unknown>>) =>
  checkCaptureFields({
    userId: text(fields['user_id']),
    artifactId: text(fields['artifact_id']),
    url: text(fields['url']),
    title: text(fields['title']),
    readingDepth: numeric(fields['reading_depth']),
    name: text(fields['name']),
    embedding: numbers(fields['embedding']),
    centroid: numbers(fields['centroid']),
  });

const ARTIFACT_PATH = (prefix: string, id: string): string => `${prefix}/capture/artifacts/${encodeURIComponent(id)}`;
const ARTIFACT = { artifact_id: EXAMPLE_ARTIFACT_ID };
const SUBSPACE = { subspace_id: EXAMPLE_SUBSPACE_ID };
const MALFORMED_ID = { path: 'artifact_id', message: 'must be a UUID' };
const OUT_OF_RANGE = { path: 'reading_depth', message: 'reading_depth out of range' };

/** The capture operations: artifacts, their signals, similar artifacts, and subspaces. */
export const captureRoutes = routeTable<CaptureUseCases>(
  {
    name: 'Capture',
    description:
      'Artifacts users read (identified per user by URL, with an embedding), the engagement signals of each reading, ' +
      'and subspaces (named interest regions with a centroid). The database decides every write: it computes the ' +
      'engagement level (`glanced < skimmed < read < studied`), keeps the artifact’s level from ever going down, and ' +
      'assigns a new artifact to a subspace only when the assignment is clear by a margin.',
  },
  (operation) => [
    operation({
      operationId: 'listArtifacts',
      method: 'get',
      path: '/capture/artifacts',
      scope: Scopes.captureRead,
      summary: 'List artifacts',
      description:
        "Returns one user's artifacts in creation order, oldest first, one page at a time (keyset: walking every page " +
        'with `next_cursor` returns each artifact that existed when the walk began exactly once). Filter by subspace ' +
        '(an unknown one gives an empty page) and by minimum engagement level; keep the same filters for the whole walk. ' +
        'A repeated parameter is a 422.',
      request: { query: ListArtifactsQuery },
      responses: { 200: { description: 'A page of artifacts.', body: ArtifactPageResponse } },
      examples: { invalidField: { path: 'min_level', message: 'must be one of glanced, skimmed, read, studied' } },
      async handle({ query }, { useCases }) {
        const page = await useCases.queries.listArtifacts({
          userId: query.user_id,
          subspaceId: query.subspace_id,
          minLevel: query.min_level,
          limit: query.limit,
          cursor: query.cursor,
        });
        return { status: 200, body: toArtifactPageResponse(page) };
      },
    }),

    operation({
      operationId: 'captureArtifact',
      method: 'post',
      path: '/capture/artifacts',
      scope: Scopes.captureWrite,
      summary: 'Capture an artifact',
      description:
        'Records that a user read a URL this deeply, in one atomic database operation: a new `(user_id, url)` creates ' +
        'the artifact (201, `Location`), assigned to the user’s closest subspace when the margin over the second ' +
        'closest is clear; a known one gets the signal (200), keeps its first embedding and assignment, and takes the ' +
        'title only if it had none. Either way the answer is the artifact after the capture, and its level is the ' +
        'highest its signals ever reached. An unknown user is a 422 on `user_id`.',
      request: {
        body: {
          schema: CaptureArtifactBody,
          description: 'The capture.',
          examples: {
            minimal: {
              summary: 'A page read to the end',
              value: {
                user_id: EXAMPLE_USER_ID,
                url: 'https://example.com/papers/attention',
                embedding: exampleEmbedding(0),
                reading_depth: 1.0,
              },
            },
            full: {
              summary: 'With a title and when it was read',
              value: {
                user_id: EXAMPLE_USER_ID,
                url: 'https://example.com/notes/kv-caches',
                title: 'Notes on KV caches',
                embedding: exampleEmbedding(2),
                reading_depth: 0.3,
                occurred_at: '2026-01-02T08:30:00Z',
              },
            },
          },
        },
      },
      idempotent: true,
      responses: {
        201: { description: 'A new artifact was captured.', body: ArtifactResponse, headers: ['Location', 'ETag'] },
        200: { description: 'The artifact was known: the signal was added.', body: ArtifactResponse, headers: ['ETag'] },
      },
      examples: { invalidField: OUT_OF_RANGE },
      checkFields,
      async handle({ body }, { useCases, version, locals }) {
        // The key is recorded with the write: a retry never adds a second signal (decision 0086).
        const result = await useCases.capture.execute(
          {
            userId: body.user_id,
            url: body.url,
            title: body.title,
            embedding: body.embedding,
            readingDepth: body.reading_depth,
            occurredAt: body.occurred_at,
          },
          { idempotencyKey: locals.idempotency?.key },
        );
        const { artifact } = result;
        return {
          status: result.created ? 201 : 200,
          body: toArtifactResponse(artifact),
          version: artifact.revision,
          ...(result.created ? { headers: { Location: ARTIFACT_PATH(version.prefix, artifact.id) } } : {}),
        };
      },
    }),

    operation({
      operationId: 'getArtifact',
      method: 'get',
      path: '/capture/artifacts/{artifact_id}',
      scope: Scopes.captureRead,
      summary: 'Get an artifact',
      description:
        'Returns one artifact with its ETag, which changes with every signal. Send it back in `If-None-Match` to get ' +
        '304 while nothing changed. A malformed id is a 422, an unknown one a 404 `artifact_not_found`.',
      request: { params: ArtifactIdParams, headerParameters: ['IfNoneMatch', 'IfMatchRead'] },
      responses: {
        200: { description: 'The artifact.', body: ArtifactResponse, headers: ['ETag'] },
        304: { description: 'The artifact has not changed since the ETag given in `If-None-Match`.', headers: ['ETag'] },
      },
      problems: ['artifact_not_found', 'precondition_failed'],
      examples: { params: ARTIFACT, invalidField: MALFORMED_ID },
      async handle({ params }, { useCases }) {
        const artifact = await useCases.queries.getArtifact(params.artifact_id);
        return { status: 200, body: toArtifactResponse(artifact), version: artifact.revision };
      },
    }),

    operation({
      operationId: 'listSignals',
      method: 'get',
      path: '/capture/artifacts/{artifact_id}/signals',
      scope: Scopes.captureRead,
      summary: "List an artifact's signals",
      description: "Returns an artifact's engagement signals, oldest first, one page at a time (keyset, as for artifacts).",
      request: { params: ArtifactIdParams, query: ListSignalsQuery },
      responses: { 200: { description: 'A page of signals.', body: SignalPageResponse } },
      problems: ['artifact_not_found'],
      examples: { params: ARTIFACT, invalidField: MALFORMED_ID },
      async handle({ params, query }, { useCases }) {
        const page = await useCases.queries.listSignals({ artifactId: params.artifact_id, limit: query.limit, cursor: query.cursor });
        return { status: 200, body: toSignalPageResponse(page) };
      },
    }),

    operation({
      operationId: 'recordSignal',
      method: 'post',
      path: '/capture/artifacts/{artifact_id}/signals',
      scope: Scopes.captureWrite,
      summary: 'Record a signal',
      description:
        'Adds a reading of an artifact, atomically: the database computes the signal’s level and raises the ' +
        'artifact’s if it is higher (never lowers it). `level_after` is the artifact’s level once the signal counted.',
      request: {
        params: ArtifactIdParams,
        body: {
          schema: RecordSignalBody,
          description: 'The reading.',
          examples: {
            reread: { summary: 'Read again, past the end', value: { reading_depth: 1.2 } },
            dated: { summary: 'A glance, dated', value: { reading_depth: 0.05, occurred_at: '2026-01-03T19:00:00Z' } },
          },
        },
      },
      idempotent: true,
      responses: { 201: { description: 'The signal was recorded.', body: SignalResponse } },
      problems: ['artifact_not_found'],
      examples: { params: ARTIFACT, invalidField: OUT_OF_RANGE },
      checkFields,
      async handle({ params, body }, { useCases, locals }) {
        const { signal } = await useCases.recordSignal.execute(
          { artifactId: params.artifact_id, readingDepth: body.reading_depth, occurredAt: body.occurred_at },
          { idempotencyKey: locals.idempotency?.key },
        );
        return { status: 201, body: toSignalResponse(signal) };
      },
    }),

    operation({
      operationId: 'findSimilarArtifacts',
      method: 'get',
      path: '/capture/artifacts/{artifact_id}/similar',
      scope: Scopes.captureRead,
      summary: 'Find similar artifacts',
      description:
        "Returns the same user's other artifacts by cosine similarity of their embeddings to this one's, most similar " +
        'first (exact, not approximate).',
      request: { params: ArtifactIdParams, query: SimilarQuery },
      responses: { 200: { description: 'The most similar artifacts.', body: SimilarArtifactsResponse } },
      problems: ['artifact_not_found'],
      examples: { params: ARTIFACT, invalidField: { path: 'limit', message: 'must be an integer from 1 to 50' } },
      async handle({ params, query }, { useCases }) {
        const similar = await useCases.queries.findSimilar({ artifactId: params.artifact_id, limit: query.limit });
        return { status: 200, body: toSimilarArtifactsResponse(similar) };
      },
    }),

    operation({
      operationId: 'listSubspaces',
      method: 'get',
      path: '/capture/subspaces',
      scope: Scopes.captureRead,
      summary: 'List subspaces',
      description: "Returns one user's subspaces in creation order (all of them: a user has few).",
      request: { query: ListSubspacesQuery },
      responses: { 200: { description: "The user's subspaces.", body: SubspaceListResponse } },
      examples: { invalidField: { path: 'user_id', message: 'must be a UUID' } },
      async handle({ query }, { useCases }) {
        return { status: 200, body: toSubspaceListResponse(await useCases.queries.listSubspaces(query.user_id)) };
      },
    }),

    operation({
      operationId: 'createSubspace',
      method: 'post',
      path: '/capture/subspaces',
      scope: Scopes.captureWrite,
      summary: 'Create a subspace',
      description:
        'Creates a named interest region around a centroid. Names are unique per user regardless of letter case (409 ' +
        '`subspace_already_exists`, decided by the database under concurrency). Artifacts captured from then on may ' +
        'be assigned to it; earlier ones keep their assignment. An unknown user is a 422 on `user_id`.',
      request: {
        body: {
          schema: CreateSubspaceBody,
          description: 'The new subspace.',
          examples: {
            systems: {
              summary: 'A subspace around a centroid',
              value: { user_id: EXAMPLE_USER_ID, name: 'Databases', centroid: exampleEmbedding(5) },
            },
          },
        },
      },
      idempotent: true,
      responses: { 201: { description: 'The subspace was created.', body: SubspaceResponse, headers: ['Location'] } },
      problems: ['subspace_already_exists'],
      examples: { invalidField: { path: 'name', message: 'must be 1 to 100 characters' } },
      checkFields,
      async handle({ body }, { useCases, version }) {
        const subspace = await useCases.createSubspace.execute({ userId: body.user_id, name: body.name, centroid: body.centroid });
        return {
          status: 201,
          body: toSubspaceResponse(subspace),
          headers: { Location: `${version.prefix}/capture/subspaces/${encodeURIComponent(subspace.id)}` },
        };
      },
    }),

    operation({
      operationId: 'getSubspace',
      method: 'get',
      path: '/capture/subspaces/{subspace_id}',
      scope: Scopes.captureRead,
      summary: 'Get a subspace',
      description: 'Returns one subspace. A malformed id is a 422, an unknown one a 404 `subspace_not_found`.',
      request: { params: SubspaceIdParams },
      responses: { 200: { description: 'The subspace.', body: SubspaceResponse } },
      problems: ['subspace_not_found'],
      examples: { params: SUBSPACE, invalidField: { path: 'subspace_id', message: 'must be a UUID' } },
      async handle({ params }, { useCases }) {
        return { status: 200, body: toSubspaceResponse(await useCases.queries.getSubspace(params.subspace_id)) };
      },
    }),
  ],
);
