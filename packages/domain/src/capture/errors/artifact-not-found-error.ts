import { NotFoundError } from '../../errors/not-found-error.js';

export class ArtifactNotFoundError extends NotFoundError {
  readonly code = 'ARTIFACT_NOT_FOUND';

  constructor(readonly artifactId: string) {
    super(`Artifact ${artifactId} not found`);
  }
}
