import { ArtifactId, ArtifactNotFoundError, EngagementLevel, OwnerId, SubspaceId, SubspaceNotFoundError } from '@proj/domain';

import { InputValidationError } from '../errors/input-validation-error.js';
import type { CursorSigner } from '../ports/cursor-signer.js';
import { validateAll } from '../validation/validate-all.js';
import type { ArtifactRepository, PagePosition } from './artifact-repository.js';
import { toArtifactDto, toSignalDto, toSubspaceDto, type ArtifactDto, type SignalDto, type SubspaceDto } from './capture-dtos.js';
import { decodePageCursor, encodePageCursor } from './capture-page-cursor.js';
import type { SubspaceRepository } from './subspace-repository.js';

export const CAPTURE_DEFAULT_PAGE_SIZE = 20;
export const CAPTURE_MAX_PAGE_SIZE = 100;
export const SIMILAR_DEFAULT_LIMIT = 10;
export const SIMILAR_MAX_LIMIT = 50;
const ARTIFACT_CURSOR = 'a1';
const SIGNAL_CURSOR = 's1';

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque cursor of the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

export interface ListArtifactsQuery {
  readonly userId: string;
  readonly subspaceId?: string | undefined;
  readonly minLevel?: string | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/** The read side of capture: one method per query, all read-only, no transaction. */
export class CaptureQueries {
  constructor(
    private readonly deps: {
      readonly artifacts: ArtifactRepository;
      readonly subspaces: SubspaceRepository;
      readonly cursors: CursorSigner;
    },
  ) {}

  /** @throws InputValidationError for a malformed id; ArtifactNotFoundError. */
  async getArtifact(artifactId: string): Promise<ArtifactDto> {
    const [id] = validateAll(() => ArtifactId.of(artifactId));
    const artifact = await this.deps.artifacts.findById(id);
    if (!artifact) throw new ArtifactNotFoundError(id.value);
    return toArtifactDto(artifact);
  }

  /** One user's artifacts in creation order, by keyset. @throws InputValidationError listing every invalid field. */
  async listArtifacts(query: ListArtifactsQuery): Promise<Page<ArtifactDto>> {
    const [userId, subspaceId, minLevel, limit, after] = validateAll(
      () => OwnerId.of(query.userId),
      () => (query.subspaceId === undefined ? undefined : SubspaceId.of(query.subspaceId)),
      () => (query.minLevel === undefined ? undefined : EngagementLevel.of(query.minLevel, 'min_level')),
      () => pageSize(query.limit, CAPTURE_DEFAULT_PAGE_SIZE, CAPTURE_MAX_PAGE_SIZE),
      () => (query.cursor === undefined ? undefined : decodePageCursor(ARTIFACT_CURSOR, query.cursor, this.deps.cursors)),
    );
    const found = await this.deps.artifacts.listInCreationOrder({
      userId,
      limit: limit + 1,
      ...(subspaceId === undefined ? {} : { subspaceId }),
      ...(minLevel === undefined ? {} : { minLevel }),
      ...(after === undefined ? {} : { after }),
    });
    return this.#page(found.map(toArtifactDto), limit, ARTIFACT_CURSOR, (a) => ({ at: a.createdAt, id: a.id }));
  }

  /** An artifact's signals, oldest first. @throws InputValidationError; ArtifactNotFoundError. */
  async listSignals(query: {
    readonly artifactId: string;
    readonly limit?: number | undefined;
    readonly cursor?: string | undefined;
  }): Promise<Page<SignalDto>> {
    const [id, limit, after] = validateAll(
      () => ArtifactId.of(query.artifactId),
      () => pageSize(query.limit, CAPTURE_DEFAULT_PAGE_SIZE, CAPTURE_MAX_PAGE_SIZE),
      () => (query.cursor === undefined ? undefined : decodePageCursor(SIGNAL_CURSOR, query.cursor, this.deps.cursors)),
    );
    const artifact = await this.deps.artifacts.findById(id);
    if (!artifact) throw new ArtifactNotFoundError(id.value);
    const found = await this.deps.artifacts.listSignals(id, { limit: limit + 1, ...(after === undefined ? {} : { after }) });
    return this.#page(found.map(toSignalDto), limit, SIGNAL_CURSOR, (s) => ({ at: s.occurredAt, id: s.id }));
  }

  /** The same user's other artifacts, most similar first. @throws InputValidationError; ArtifactNotFoundError. */
  async findSimilar(query: { readonly artifactId: string; readonly limit?: number | undefined }): Promise<{
    readonly items: readonly { readonly artifact: ArtifactDto; readonly similarity: number }[];
  }> {
    const [id, limit] = validateAll(
      () => ArtifactId.of(query.artifactId),
      () => pageSize(query.limit, SIMILAR_DEFAULT_LIMIT, SIMILAR_MAX_LIMIT),
    );
    const similar = await this.deps.artifacts.findSimilar(id, limit);
    if (similar === undefined) throw new ArtifactNotFoundError(id.value);
    return Object.freeze({
      items: Object.freeze(similar.map(({ artifact, similarity }) => Object.freeze({ artifact: toArtifactDto(artifact), similarity }))),
    });
  }

  /** @throws InputValidationError for a malformed id; SubspaceNotFoundError. */
  async getSubspace(subspaceId: string): Promise<SubspaceDto> {
    const [id] = validateAll(() => SubspaceId.of(subspaceId));
    const subspace = await this.deps.subspaces.findById(id);
    if (!subspace) throw new SubspaceNotFoundError(id.value);
    return toSubspaceDto(subspace);
  }

  /** @throws InputValidationError for a malformed user id. */
  async listSubspaces(userId: string): Promise<{ readonly items: readonly SubspaceDto[] }> {
    const [owner] = validateAll(() => OwnerId.of(userId));
    const subspaces = await this.deps.subspaces.listByUser(owner);
    return Object.freeze({ items: Object.freeze(subspaces.map(toSubspaceDto)) });
  }

  #page<T>(items: readonly T[], limit: number, tag: string, positionOf: (item: T) => PagePosition): Page<T> {
    const page = items.slice(0, limit);
    const last = page.at(-1);
    const nextCursor = items.length > limit && last !== undefined ? encodePageCursor(tag, positionOf(last), this.deps.cursors) : null;
    return Object.freeze({ items: Object.freeze(page), nextCursor });
  }
}

function pageSize(limit: number | undefined, defaultSize: number, max: number): number {
  if (limit === undefined) return defaultSize;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new InputValidationError([{ path: 'limit', message: `must be an integer from 1 to ${max}` }]);
  }
  return limit;
}
