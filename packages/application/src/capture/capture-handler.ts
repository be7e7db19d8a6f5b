import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Logger } from '../ports/logger.js';
import type { SystemConfigCache } from '../system-config/system-config-cache.js';
import { SystemConfigKeys } from '../system-config/system-config-keys.js';
import type { ArtifactRepository } from './artifact-repository.js';
import type { AssignmentMarginService } from './assignment-margin-service.js';
import { CaptureArtifactCommand, type CaptureArtifactInput } from './capture-artifact-command.js';
import { toArtifactDto, toSignalDto, type ArtifactDto, type SignalDto } from './capture-dtos.js';
import { logLevelRaised } from './record-signal-handler.js';

export interface CaptureResult {
  readonly artifact: ArtifactDto;
  readonly signal: SignalDto;
  /** Whether the capture created the artifact (false: a known `(user, url)` got a signal). */
  readonly created: boolean;
}

/**
 * Captures an artifact: validates the command, asks the assignment service where a new artifact
 * would go (thresholds from the system configuration), and hands both to the repository, whose
 * single atomic write decides everything else (new or known, level, what is kept). Logs the
 * events (captured, subspace assigned or ambiguous, level raised) with ids and codes only.
 */
export class CaptureHandler {
  constructor(
    private readonly deps: {
      readonly artifacts: ArtifactRepository;
      readonly assignment: AssignmentMarginService;
      readonly config: SystemConfigCache;
      readonly ids: IdGenerator;
      readonly clock: Clock;
      readonly logger: Logger;
      /** Length of every embedding. */
      readonly embeddingDimension: number;
    },
  ) {}

  /**
   * @throws InputValidationError listing every invalid field.
   * @throws UnknownCaptureUserError when the user does not exist.
   */
  async execute(input: CaptureArtifactInput | CaptureArtifactCommand): Promise<CaptureResult> {
    const { artifacts, assignment, config, ids, clock, logger, embeddingDimension } = this.deps;
    const command = input instanceof CaptureArtifactCommand ? input : CaptureArtifactCommand.create(input, embeddingDimension);
    const decided = await assignment.assign({
      userId: command.userId,
      embedding: command.embedding,
      thresholds: {
        minMargin: config.get(SystemConfigKeys.assignmentMinMargin),
        minSimilarity: config.get(SystemConfigKeys.assignmentMinSimilarity),
      },
    });
    const outcome = await artifacts.ingestWithSignal(command, {
      artifactId: ids.next(),
      signalId: ids.next(),
      at: clock.now(),
      assignment: decided,
    });
    const artifactId = outcome.artifact.id.value;
    logger.info(outcome.created ? 'artifact captured' : 'artifact captured again', {
      artifact_id: artifactId,
      signal_id: outcome.signal.id.value,
      user_id: outcome.artifact.userId.value,
      level: outcome.artifact.engagementLevel.name,
    });
    // Only a new artifact takes the assignment: a known one keeps its first.
    if (outcome.created && decided.status !== 'no_subspaces') {
      logger.info(decided.status === 'assigned' ? 'subspace assigned' : 'subspace ambiguous', {
        artifact_id: artifactId,
        subspace_id: decided.subspaceId?.value ?? null,
        similarity: decided.similarity,
        margin: decided.margin,
      });
    }
    logLevelRaised(logger, outcome);
    return Object.freeze({ artifact: toArtifactDto(outcome.artifact), signal: toSignalDto(outcome.signal), created: outcome.created });
  }
}
