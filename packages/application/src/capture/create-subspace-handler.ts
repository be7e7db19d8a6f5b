import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Logger } from '../ports/logger.js';
import { toSubspaceDto, type SubspaceDto } from './capture-dtos.js';
import { CreateSubspaceCommand, type CreateSubspaceInput } from './create-subspace-command.js';
import type { SubspaceRepository } from './subspace-repository.js';

/** Creates a subspace; the repository is the arbiter of name uniqueness and of the user's existence. */
export class CreateSubspaceHandler {
  constructor(
    private readonly deps: {
      readonly subspaces: SubspaceRepository;
      readonly ids: IdGenerator;
      readonly clock: Clock;
      readonly logger: Logger;
      readonly embeddingDimension: number;
    },
  ) {}

  /**
   * @throws InputValidationError listing every invalid field.
   * @throws SubspaceAlreadyExistsError, UnknownCaptureUserError.
   */
  async execute(input: CreateSubspaceInput | CreateSubspaceCommand): Promise<SubspaceDto> {
    const { subspaces, ids, clock, logger, embeddingDimension } = this.deps;
    const command = input instanceof CreateSubspaceCommand ? input : CreateSubspaceCommand.create(input, embeddingDimension);
    const subspace = await subspaces.create(command, { id: ids.next(), at: clock.now() });
    logger.info('subspace created', { subspace_id: subspace.id.value, user_id: subspace.userId.value });
    return toSubspaceDto(subspace);
  }
}
