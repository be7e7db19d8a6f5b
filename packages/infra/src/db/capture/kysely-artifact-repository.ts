import { sql, type Kysely } from 'kysely';

import type {
  ArtifactListCriteria,
  ArtifactRepository,
  CaptureArtifactCommand,
  CaptureOutcome,
  IngestStamp,
  PagePosition,
  RecordSignalCommand,
  SignalOutcome,
  SignalStamp,
  SimilarArtifact,
} from '@proj/application';
import { EngagementLevel, type Artifact, type ArtifactId, type Signal } from '@proj/domain';

import { mapUnavailable } from '../connection/map-pg-error.js';
import type { Database } from '../schema/database.js';
import { ARTIFACT_COLUMNS, SIGNAL_COLUMNS, toArtifact, toSignal, type ArtifactRow, type SignalRow } from './capture-row-mapper.js';
import { embeddingParameter } from './embedding-parameter.js';
import { mapCaptureError } from './map-capture-error.js';

const rethrowUnavailable = (error: unknown): never => {
  throw mapUnavailable(error);
};

/** `(r.artifact).id as id, …, (r.signal).id as signal_id, …`: the columns of a write function's composite result. */
const WRITE_RESULT_COLUMNS = sql.raw(
  [...ARTIFACT_COLUMNS.map((c) => `(r.artifact).${c} as ${c}`), ...SIGNAL_COLUMNS.map((c) => `(r.signal).${c} as signal_${c}`)].join(', '),
);

type WriteResultRow = ArtifactRow & { readonly [K in (typeof SIGNAL_COLUMNS)[number] as `signal_${K}`]: SignalRow[K] } & {
  /** The highest level of the artifact's earlier signals: its level before the write (null: it had none). */
  readonly level_before: string | null;
};

/**
 * The level before the write, read in the same statement: the write functions only ever raise the
 * level, so it is the highest `level_after` of the artifact's other signals (null for a new artifact).
 */
const LEVEL_BEFORE = sql.raw(
  '(select max(s.level_after) from signals s where s.artifact_id = (r.artifact).id and s.id <> (r.signal).id) as level_before',
);

function levelBeforeOf(row: WriteResultRow): EngagementLevel | null {
  return row.level_before === null ? null : EngagementLevel.of(row.level_before);
}

function signalOf(row: WriteResultRow): Signal {
  return toSignal({
    id: row.signal_id,
    artifact_id: row.signal_artifact_id,
    reading_depth: row.signal_reading_depth,
    occurred_at: row.signal_occurred_at,
    level_after: row.signal_level_after,
  });
}

/**
 * ArtifactRepository over PostgreSQL. Each write is one call of a PL/pgSQL function that does the
 * whole change in one statement, so it is atomic without a transaction of ours (decision 0081).
 */
export class KyselyArtifactRepository implements ArtifactRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async ingestWithSignal(command: CaptureArtifactCommand, stamp: IngestStamp): Promise<CaptureOutcome> {
    const { assignment, idempotencyKey } = stamp;
    const args = sql`${stamp.artifactId}, ${stamp.signalId}, ${command.userId.value}, ${command.url.value}, ${command.title?.value ?? null},
          ${embeddingParameter(command.embedding.values)}, ${command.readingDepth.value}, ${command.occurredAt}, ${stamp.at},
          ${assignment.subspaceId?.value ?? null}, ${assignment.status}, ${assignment.similarity}, ${assignment.margin}`;
    // With a key, the wrapper that records it in the same statement (decision 0086).
    const call =
      idempotencyKey === undefined
        ? sql`capture_ingest_with_signal(${args})`
        : sql`capture_ingest_with_signal_once(${idempotencyKey}, ${command.fingerprint}, ${args})`;
    const { rows } = await sql<WriteResultRow & { readonly created: boolean }>`
      select ${WRITE_RESULT_COLUMNS}, r.created, ${LEVEL_BEFORE} from ${call} r`
      .execute(this.db)
      .catch((error: unknown) => {
        throw mapCaptureError(error, 'embedding');
      });
    const [row] = rows;
    if (row === undefined) throw new Error('capture_ingest_with_signal returned no row');
    return { artifact: toArtifact(row), signal: signalOf(row), created: row.created, levelBefore: row.created ? null : levelBeforeOf(row) };
  }

  async recordSignal(command: RecordSignalCommand, stamp: SignalStamp): Promise<SignalOutcome | undefined> {
    const args = sql`${stamp.signalId}, ${command.artifactId.value}, ${command.readingDepth.value}, ${command.occurredAt}, ${stamp.at}`;
    const call =
      stamp.idempotencyKey === undefined
        ? sql`capture_record_signal(${args})`
        : sql`capture_record_signal_once(${stamp.idempotencyKey}, ${command.fingerprint}, ${args})`;
    const { rows } = await sql<WriteResultRow>`select ${WRITE_RESULT_COLUMNS}, ${LEVEL_BEFORE} from ${call} r`
      .execute(this.db)
      .catch((error: unknown) => {
        throw mapCaptureError(error, 'embedding');
      });
    const [row] = rows;
    return row === undefined ? undefined : { artifact: toArtifact(row), signal: signalOf(row), levelBefore: levelBeforeOf(row) };
  }

  async findById(id: ArtifactId): Promise<Artifact | undefined> {
    const row = await this.db
      .selectFrom('artifacts')
      .select(ARTIFACT_COLUMNS)
      .where('id', '=', id.value)
      .executeTakeFirst()
      .catch(rethrowUnavailable);
    return row ? toArtifact(row) : undefined;
  }

  /** A range scan of `artifacts_user_created_idx` (or of `artifacts_subspace_created_idx` with a subspace). */
  async listInCreationOrder(criteria: ArtifactListCriteria): Promise<Artifact[]> {
    const { userId, subspaceId, minLevel, after, limit } = criteria;
    let query = this.db.selectFrom('artifacts').select(ARTIFACT_COLUMNS).where('user_id', '=', userId.value);
    if (subspaceId !== undefined) query = query.where('subspace_id', '=', subspaceId.value);
    if (minLevel !== undefined) query = query.where('engagement_level', '>=', minLevel.name);
    if (after !== undefined) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after.at, after.id)));
    const rows = await query.orderBy('created_at').orderBy('id').limit(limit).execute().catch(rethrowUnavailable);
    return rows.map(toArtifact);
  }

  async listSignals(artifactId: ArtifactId, page: { readonly after?: PagePosition; readonly limit: number }): Promise<Signal[]> {
    const { after, limit } = page;
    let query = this.db.selectFrom('signals').select(SIGNAL_COLUMNS).where('artifact_id', '=', artifactId.value);
    if (after !== undefined) query = query.where((eb) => eb(eb.refTuple('occurred_at', 'id'), '>', eb.tuple(after.at, after.id)));
    const rows = await query.orderBy('occurred_at').orderBy('id').limit(limit).execute().catch(rethrowUnavailable);
    return rows.map(toSignal);
  }

  /**
   * Brute force: the cosine similarity of this artifact's embedding to every other artifact of its
   * user, computed in the database by `capture_similar` from cube distances between unit vectors
   * (decision 0125; decision 0083 says how pgvector and an ANN index would replace it).
   */
  async findSimilar(id: ArtifactId, limit: number): Promise<SimilarArtifact[] | undefined> {
    const columns = sql.raw(ARTIFACT_COLUMNS.map((c) => `o.${c}`).join(', '));
    const { rows } = await sql<ArtifactRow & { readonly similarity: number | null }>`
      select ${columns}, s.similarity
        from capture_similar(${id.value}, ${limit}) s
        join artifacts o on o.id = s.artifact_id
       order by s.similarity desc, o.id`
      .execute(this.db)
      .catch(rethrowUnavailable);
    if (rows.length === 0 && (await this.findById(id)) === undefined) return undefined;
    return rows.map((row) => ({ artifact: toArtifact(row), similarity: Number(row.similarity) }));
  }
}
