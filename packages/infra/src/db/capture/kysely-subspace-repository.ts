import { sql, type Kysely } from 'kysely';

import type { CreateSubspaceCommand, SubspaceRepository } from '@proj/application';
import type { OwnerId, Subspace, SubspaceId } from '@proj/domain';

import { mapUnavailable } from '../connection/map-pg-error.js';
import type { Database } from '../schema/database.js';
import { toSubspace, type SubspaceRow } from './capture-row-mapper.js';
import { embeddingParameter } from './embedding-parameter.js';
import { mapCaptureError } from './map-capture-error.js';

const rethrowUnavailable = (error: unknown): never => {
  throw mapUnavailable(error);
};

/** SubspaceRepository over PostgreSQL; the artifact count is counted on read (an index-only count per subspace). */
export class KyselySubspaceRepository implements SubspaceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(command: CreateSubspaceCommand, stamp: { readonly id: string; readonly at: Date }): Promise<Subspace> {
    const { rows } = await sql<SubspaceRow>`
      select s.id, s.user_id, s.name, 0 as artifact_count, s.created_at
        from capture_create_subspace(${stamp.id}, ${command.userId.value}, ${command.name.value}, ${embeddingParameter(command.centroid.values)}, ${stamp.at}) s`
      .execute(this.db)
      .catch((error: unknown) => {
        throw mapCaptureError(error, 'centroid');
      });
    const [row] = rows;
    if (row === undefined) throw new Error('capture_create_subspace returned no row');
    return toSubspace(row);
  }

  async findById(id: SubspaceId): Promise<Subspace | undefined> {
    const row = await this.#select().where('s.id', '=', id.value).executeTakeFirst().catch(rethrowUnavailable);
    return row ? toSubspace(row) : undefined;
  }

  async listByUser(userId: OwnerId): Promise<Subspace[]> {
    const rows = await this.#select()
      .where('s.user_id', '=', userId.value)
      .orderBy('s.created_at')
      .orderBy('s.id')
      .execute()
      .catch(rethrowUnavailable);
    return rows.map(toSubspace);
  }

  #select() {
    return this.db
      .selectFrom('subspaces as s')
      .select(['s.id', 's.user_id', 's.name', 's.created_at'])
      .select((eb) =>
        eb
          .selectFrom('artifacts as a')
          .whereRef('a.subspace_id', '=', 's.id')
          .select((c) => c.fn.countAll<string>().as('n'))
          .as('artifact_count'),
      )
      .$narrowType<{ artifact_count: string }>();
  }
}
