import {
  ArtifactId,
  ArtifactTitle,
  ArtifactUrl,
  EmbeddingVector,
  MAX_EMBEDDING_DIMENSION,
  OwnerId,
  ReadingDepth,
  SubspaceName,
  type FieldIssue,
} from '@proj/domain';

import { InputValidationError } from '../errors/input-validation-error.js';
import { validateAll } from '../validation/validate-all.js';

/** Capture fields as a caller sent them, already of the right JSON type; absent ones are not checked. */
export interface CaptureFields {
  readonly userId?: string | undefined;
  readonly artifactId?: string | undefined;
  readonly url?: string | undefined;
  readonly title?: string | undefined;
  readonly readingDepth?: number | undefined;
  readonly name?: string | undefined;
  readonly embedding?: readonly number[] | undefined;
  readonly centroid?: readonly number[] | undefined;
}

/**
 * The issues the capture commands would find in these fields, without running one: the edge calls
 * it when other fields of the same request are already malformed, so that one answer lists every
 * invalid field. The commands check the same rules themselves. A vector is checked for finite,
 * not-all-zero numbers only: its length against the embedding space is checked with the command.
 */
export function checkCaptureFields(fields: CaptureFields): FieldIssue[] {
  const { userId, artifactId, url, title, readingDepth, name, embedding, centroid } = fields;
  const vector = (values: readonly number[] | undefined, path: string) =>
    values === undefined || values.length < 1 || values.length > MAX_EMBEDDING_DIMENSION
      ? undefined
      : EmbeddingVector.of(values, values.length, path);
  try {
    validateAll(
      () => (userId === undefined ? undefined : OwnerId.of(userId)),
      () => (artifactId === undefined ? undefined : ArtifactId.of(artifactId)),
      () => (url === undefined ? undefined : ArtifactUrl.of(url)),
      () => (title === undefined ? undefined : ArtifactTitle.of(title)),
      () => (readingDepth === undefined ? undefined : ReadingDepth.of(readingDepth)),
      () => (name === undefined ? undefined : SubspaceName.of(name)),
      () => vector(embedding, 'embedding'),
      () => vector(centroid, 'centroid'),
    );
    return [];
  } catch (error) {
    if (error instanceof InputValidationError) return [...error.issues];
    throw error;
  }
}
