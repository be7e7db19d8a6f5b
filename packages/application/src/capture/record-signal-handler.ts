import { ArtifactNotFoundError } from '@proj/domain';

import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Logger } from '../ports/logger.js';
import type { ArtifactRepository, SignalOutcome } from './artifact-repository.js';
import { toArtifactDto, toSignalDto, type ArtifactDto, type SignalDto } from './capture-dtos.js';
import { RecordSignalCommand, type RecordSignalInput } from './record-signal-command.js';

/** Adds an engagement signal to an artifact; the repository's atomic write decides the level. */
export class RecordSignalHandler {
  constructor(
    private readonly deps: {
      readonly artifacts: ArtifactRepository;
      readonly ids: IdGenerator;
      readonly clock: Clock;
      readonly logger: Logger;
    },
  ) {}

  /**
   * @throws InputValidationError listing every invalid field.
   * @throws ArtifactNotFoundError when the artifact does not exist.
   */
  async execute(input: RecordSignalInput | RecordSignalCommand): Promise<{ readonly artifact: ArtifactDto; readonly signal: SignalDto }> {
    const command = input instanceof RecordSignalCommand ? input : RecordSignalCommand.create(input);
    const { artifacts, ids, clock, logger } = this.deps;
    const outcome = await artifacts.recordSignal(command, { signalId: ids.next(), at: clock.now() });
    if (outcome === undefined) throw new ArtifactNotFoundError(command.artifactId.value);
    logger.info('signal recorded', {
      artifact_id: outcome.artifact.id.value,
      signal_id: outcome.signal.id.value,
      level: outcome.artifact.engagementLevel.name,
    });
    logLevelRaised(logger, outcome);
    return Object.freeze({ artifact: toArtifactDto(outcome.artifact), signal: toSignalDto(outcome.signal) });
  }
}

/** Logs `level raised` when a write put a known artifact at a higher level than it had (ids and level names only). */
export function logLevelRaised(logger: Logger, outcome: SignalOutcome): void {
  const { levelBefore, artifact } = outcome;
  if (levelBefore === null || !artifact.engagementLevel.isAbove(levelBefore)) return;
  logger.info('level raised', {
    artifact_id: artifact.id.value,
    signal_id: outcome.signal.id.value,
    from: levelBefore.name,
    to: artifact.engagementLevel.name,
  });
}
