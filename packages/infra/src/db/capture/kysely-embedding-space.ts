import { sql, type Kysely } from 'kysely';

import type { Database } from '../schema/database.js';

/** The embedding space's dimension differs from the configured one, and stored vectors would no longer fit. */
export class EmbeddingDimensionMismatchError extends Error {
  readonly code = 'EMBEDDING_DIMENSION_MISMATCH';

  constructor(
    readonly stored: number,
    readonly configured: number,
  ) {
    super(
      `PROJ_CAPTURE_EMBEDDING_DIMENSION is ${configured} but the database holds embeddings of dimension ${stored}; ` +
        `set it back to ${stored}, or remove the stored artifacts and subspaces before changing the dimension`,
    );
    this.name = 'EmbeddingDimensionMismatchError';
  }
}

/**
 * Makes the database's embedding space (the dimension its write functions check) the configured
 * one. Changing it is allowed only while no artifact or subspace is stored.
 * @throws EmbeddingDimensionMismatchError otherwise.
 */
export async function ensureEmbeddingDimension(db: Kysely<Database>, dimension: number): Promise<void> {
  const { rows } = await sql<{ dimension: number; changed: boolean }>`
    with current as (select dimension from capture_embedding_space),
         changed as (
           update capture_embedding_space set dimension = ${dimension}
            where dimension <> ${dimension}
              and not exists (select 1 from artifacts) and not exists (select 1 from subspaces)
           returning dimension)
    select coalesce((select dimension from changed), (select dimension from current)) as dimension,
           exists (select 1 from changed) as changed`.execute(db);
  const stored = rows[0]?.dimension;
  if (stored !== dimension) throw new EmbeddingDimensionMismatchError(stored ?? 0, dimension);
}
