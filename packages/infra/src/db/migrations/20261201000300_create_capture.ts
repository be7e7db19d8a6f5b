import { sql, type Kysely } from 'kysely';

// The capture context (decisions 0080, 0081, 0083): artifacts, their signals and the users'
// subspaces, where the database is the arbiter. Every write is one call of a PL/pgSQL function that
// does the whole change atomically; the engagement level is computed here from thresholds stored
// here, and an artifact's level only rises. Embeddings are real[] (no pgvector in the embedded
// PostgreSQL) whose dimension the functions check against capture_embedding_space.

/**
 * capture_assign as this migration creates it: the margin rule over cosine similarities to the
 * user's centroids (ties broken by id). Exported for the down of the migration that replaces it.
 */
export const captureAssignAsCreated = sql`capture_assign(p_user_id uuid, p_embedding real[], p_min_margin double precision, p_min_similarity double precision)
    returns table (subspace_id uuid, status text, similarity double precision, margin double precision)
    language plpgsql stable as $$
    declare
      v_norm double precision := capture_norm(p_embedding);
      v_best_id uuid;
      v_best double precision;
      v_second double precision;
      v_margin double precision;
    begin
      select s.id, greatest(-1, least(1, capture_dot(s.centroid, p_embedding) / (s.centroid_norm * v_norm))) as sim
        into v_best_id, v_best
        from subspaces s where s.user_id = p_user_id order by sim desc, s.id limit 1;
      if v_best_id is null then
        return query select null::uuid, 'no_subspaces'::text, null::double precision, null::double precision;
        return;
      end if;
      select greatest(-1, least(1, capture_dot(s.centroid, p_embedding) / (s.centroid_norm * v_norm))) as sim
        into v_second
        from subspaces s where s.user_id = p_user_id and s.id <> v_best_id order by sim desc limit 1;
      v_margin := case when v_second is null then v_best else v_best - v_second end;
      if v_margin >= p_min_margin and v_best >= p_min_similarity then
        return query select v_best_id, 'assigned'::text, v_best, v_margin;
      else
        return query select null::uuid, 'ambiguous'::text, v_best, v_margin;
      end if;
    end $$`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create type engagement_level as enum ('glanced', 'skimmed', 'read', 'studied')`.execute(db);

  await sql`
    create table engagement_thresholds (
      level engagement_level primary key,
      min_reading_depth double precision not null unique check (min_reading_depth >= 0 and min_reading_depth <= 1.5)
    )`.execute(db);
  await sql`insert into engagement_thresholds (level, min_reading_depth) values ('glanced', 0), ('skimmed', 0.1), ('read', 0.5), ('studied', 1.0)`.execute(
    db,
  );

  await sql`
    create table capture_embedding_space (
      singleton boolean primary key default true check (singleton),
      dimension integer not null check (dimension between 1 and 4096)
    )`.execute(db);
  await sql`insert into capture_embedding_space (dimension) values (384)`.execute(db);

  // A one-dimensional array of finite numbers, not all zero, and its Euclidean norm.
  await sql`
    create function capture_is_embedding(v real[]) returns boolean
    language sql immutable parallel safe as $$
      select array_ndims(v) = 1 and array_lower(v, 1) = 1 and array_position(v, null) is null
         and not (v && array['NaN', 'Infinity', '-Infinity']::real[])
         and exists (select 1 from unnest(v) x where x <> 0)
    $$`.execute(db);
  await sql`
    create function capture_norm(v real[]) returns double precision
    language sql immutable parallel safe as $$
      select sqrt(sum(x::double precision * x::double precision)) from unnest(v) x
    $$`.execute(db);
  await sql`
    create function capture_dot(a real[], b real[]) returns double precision
    language sql immutable parallel safe as $$
      select sum(x::double precision * y::double precision) from unnest(a, b) t(x, y)
    $$`.execute(db);
  await sql`
    create function capture_require_dimension(p_vector real[], p_field text) returns void
    language plpgsql stable as $$
    declare
      v_dimension integer := (select dimension from capture_embedding_space);
    begin
      if cardinality(p_vector) is distinct from v_dimension then
        raise exception using errcode = 'PC422', hint = p_field,
          message = format('%s must have exactly %s numbers', p_field, v_dimension),
          detail = format('must have exactly %s numbers', v_dimension);
      end if;
    end $$`.execute(db);

  await sql`
    create table subspaces (
      id uuid primary key,
      user_id uuid not null references users (id) on delete cascade,
      name text not null check (length(name) between 1 and 100),
      centroid real[] not null check (capture_is_embedding(centroid)),
      centroid_norm double precision generated always as (capture_norm(centroid)) stored,
      created_at timestamptz not null,
      constraint subspaces_id_user_id_key unique (id, user_id)
    )`.execute(db);
  await sql`create unique index subspaces_user_name_key on subspaces (user_id, lower(name))`.execute(db);
  await sql`create index subspaces_user_created_idx on subspaces (user_id, created_at, id)`.execute(db);

  await sql`
    create table artifacts (
      id uuid primary key,
      user_id uuid not null references users (id) on delete cascade,
      url text not null check (length(url) between 1 and 2048),
      title text check (length(title) between 1 and 500),
      embedding real[] not null check (capture_is_embedding(embedding)),
      embedding_norm double precision generated always as (capture_norm(embedding)) stored,
      engagement_level engagement_level not null,
      max_reading_depth double precision not null check (max_reading_depth >= 0 and max_reading_depth <= 1.5),
      signal_count integer not null check (signal_count >= 1),
      subspace_id uuid,
      assignment_status text not null check (assignment_status in ('assigned', 'ambiguous', 'no_subspaces')),
      assignment_similarity double precision,
      assignment_margin double precision,
      captured_at timestamptz not null,
      last_signal_at timestamptz not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint artifacts_user_url_key unique (user_id, url),
      -- The subspace must be one of the artifact's user; deleting it unassigns the artifact.
      constraint artifacts_subspace_fkey foreign key (subspace_id, user_id) references subspaces (id, user_id) on delete set null (subspace_id)
    )`.execute(db);
  await sql`create index artifacts_user_created_idx on artifacts (user_id, created_at, id)`.execute(db);
  await sql`create index artifacts_subspace_created_idx on artifacts (subspace_id, created_at, id) where subspace_id is not null`.execute(
    db,
  );

  await sql`
    create table signals (
      id uuid primary key,
      artifact_id uuid not null references artifacts (id) on delete cascade,
      reading_depth double precision not null check (reading_depth >= 0 and reading_depth <= 1.5),
      occurred_at timestamptz not null,
      level_after engagement_level not null,
      recorded_at timestamptz not null
    )`.execute(db);
  await sql`create index signals_artifact_occurred_idx on signals (artifact_id, occurred_at, id)`.execute(db);

  // The level a reading depth reaches: the highest level whose threshold it meets. Replacing this
  // function (or changing the thresholds) changes the levels of new signals, with no deploy.
  await sql`
    create function capture_engagement_level(p_reading_depth double precision) returns engagement_level
    language sql stable as $$
      select coalesce(
        (select level from engagement_thresholds where min_reading_depth <= p_reading_depth order by min_reading_depth desc limit 1),
        'glanced'::engagement_level)
    $$`.execute(db);

  // One capture: upsert the artifact of (user, url), add the signal, raise the level. Atomic.
  await sql`
    create function capture_ingest_with_signal(
      p_artifact_id uuid, p_signal_id uuid, p_user_id uuid, p_url text, p_title text, p_embedding real[],
      p_reading_depth double precision, p_occurred_at timestamptz, p_at timestamptz,
      p_subspace_id uuid, p_assignment_status text, p_assignment_similarity double precision, p_assignment_margin double precision
    ) returns table (artifact artifacts, signal signals, created boolean)
    language plpgsql as $$
    declare
      v_occurred_at timestamptz := coalesce(p_occurred_at, p_at);
      v_level engagement_level := capture_engagement_level(p_reading_depth);
      v_artifact artifacts;
      v_signal signals;
      v_id uuid;
      v_created boolean;
    begin
      perform capture_require_dimension(p_embedding, 'embedding');
      insert into artifacts as a (
        id, user_id, url, title, embedding, engagement_level, max_reading_depth, signal_count, subspace_id,
        assignment_status, assignment_similarity, assignment_margin, captured_at, last_signal_at, created_at, updated_at)
      values (
        p_artifact_id, p_user_id, p_url, p_title, p_embedding, v_level, p_reading_depth, 1, p_subspace_id,
        p_assignment_status, p_assignment_similarity, p_assignment_margin, v_occurred_at, v_occurred_at, p_at, p_at)
      on conflict (user_id, url) do update set
        title = coalesce(a.title, excluded.title),
        engagement_level = case when excluded.engagement_level > a.engagement_level then excluded.engagement_level else a.engagement_level end,
        max_reading_depth = greatest(a.max_reading_depth, excluded.max_reading_depth),
        signal_count = a.signal_count + 1,
        last_signal_at = greatest(a.last_signal_at, excluded.last_signal_at),
        updated_at = greatest(a.updated_at, excluded.updated_at)
      returning a.id, (a.xmax = 0) into v_id, v_created;
      select * into v_artifact from artifacts where id = v_id;
      insert into signals (id, artifact_id, reading_depth, occurred_at, level_after, recorded_at)
      values (p_signal_id, v_id, p_reading_depth, v_occurred_at, v_artifact.engagement_level, p_at)
      returning * into v_signal;
      return query select v_artifact, v_signal, v_created;
    end $$`.execute(db);

  // One more signal for an existing artifact; no row when the artifact does not exist.
  await sql`
    create function capture_record_signal(
      p_signal_id uuid, p_artifact_id uuid, p_reading_depth double precision, p_occurred_at timestamptz, p_at timestamptz
    ) returns table (artifact artifacts, signal signals)
    language plpgsql as $$
    declare
      v_occurred_at timestamptz := coalesce(p_occurred_at, p_at);
      v_level engagement_level := capture_engagement_level(p_reading_depth);
      v_artifact artifacts;
      v_signal signals;
    begin
      update artifacts a set
        engagement_level = case when v_level > a.engagement_level then v_level else a.engagement_level end,
        max_reading_depth = greatest(a.max_reading_depth, p_reading_depth),
        signal_count = a.signal_count + 1,
        last_signal_at = greatest(a.last_signal_at, v_occurred_at),
        updated_at = greatest(a.updated_at, p_at)
      where a.id = p_artifact_id
      returning a.* into v_artifact;
      if not found then
        return;
      end if;
      insert into signals (id, artifact_id, reading_depth, occurred_at, level_after, recorded_at)
      values (p_signal_id, p_artifact_id, p_reading_depth, v_occurred_at, v_artifact.engagement_level, p_at)
      returning * into v_signal;
      return query select v_artifact, v_signal;
    end $$`.execute(db);

  await sql`
    create function capture_create_subspace(p_id uuid, p_user_id uuid, p_name text, p_centroid real[], p_at timestamptz)
    returns setof subspaces
    language plpgsql as $$
    begin
      perform capture_require_dimension(p_centroid, 'centroid');
      return query insert into subspaces (id, user_id, name, centroid, created_at) values (p_id, p_user_id, p_name, p_centroid, p_at) returning *;
    end $$`.execute(db);

  await sql`create function ${captureAssignAsCreated}`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  // The write functions first, then the tables, then what the tables' checks and columns use.
  const drops = [
    'function capture_assign(uuid, real[], double precision, double precision)',
    'function capture_create_subspace(uuid, uuid, text, real[], timestamptz)',
    'function capture_record_signal(uuid, uuid, double precision, timestamptz, timestamptz)',
    'function capture_ingest_with_signal(uuid, uuid, uuid, text, text, real[], double precision, timestamptz, timestamptz, uuid, text, double precision, double precision)',
    'function capture_engagement_level(double precision)',
    'table signals',
    'table artifacts',
    'table subspaces',
    'function capture_require_dimension(real[], text)',
    'function capture_dot(real[], real[])',
    'function capture_norm(real[])',
    'function capture_is_embedding(real[])',
    'table capture_embedding_space',
    'table engagement_thresholds',
    'type engagement_level',
  ];
  for (const object of drops) await sql.raw(`drop ${object}`).execute(db);
}
