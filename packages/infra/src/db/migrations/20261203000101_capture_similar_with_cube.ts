import { sql, type Kysely } from 'kysely';

import * as similarWithoutCube from './20261203000000_capture_similar_without_pgvector.js';

// Similar-artifact search with the `cube` contrib extension (decision 0125): about four times faster
// than the unrolled expression of 20261203000000, still exact. For unit vectors, cosine similarity is
// 1 - |a - b|^2 / 2, and cube_distance computes a Euclidean distance in C. A cube has at most 100
// dimensions, so each artifact keeps its L2-normalised embedding in parts of at most 96 numbers
// (`embedding_parts cube[]`, 4 parts at 384 dimensions), a stored generated column the database
// computes on write. `capture_similar` (same signature and results, ties by id) writes the sum of
// one squared cube_distance per part out as one expression and runs it with EXECUTE. Each distance
// is computed once, in a subquery kept apart by `offset 0`, and squared by a multiplication
// (power() added 10-25 % to the whole query).
//
// Storage MAIN keeps the parts in the row (about 3.1 kB at 384 dimensions) and lets the embedding
// move out of line instead: read from TOAST, the parts cost as much as the distances themselves.
// The url and the title get storage MAIN too: with the parts making the row longer than 2 kB even
// without the embedding, PostgreSQL would otherwise move them out of line as well, and every read of
// an artifact would fetch them from TOAST. Above about 1 000 dimensions the parts no longer fit in
// the row and go out of line all the same.
// cube is a trusted extension: the database owner can create it without being a superuser.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists cube`.execute(db);
  // Parts of 96 numbers, the last one shorter; each number is x / |v| in double precision. Null for
  // an all-zero vector, and no error for a null number: the generated column is computed before the
  // CHECK, which then refuses such an embedding as before.
  await sql`
    create function capture_embedding_parts(v real[]) returns cube[]
    language sql immutable parallel safe as $$
      select array(select cube(u.unit[(k - 1) * 96 + 1 : k * 96])
                     from generate_series(1, (cardinality(u.unit) + 95) / 96) k
                    order by k)
        from (select array(select x / n.norm from unnest(v::double precision[]) with ordinality t(x, i)
                            where x is not null order by i) as unit
                from capture_norm(v) n(norm)
               where n.norm > 0) u
    $$`.execute(db);
  // One statement, so that the storage applies to the rows the rewrite fills.
  await sql`
    alter table artifacts
      add column embedding_parts cube[] generated always as (capture_embedding_parts(embedding)) stored,
      alter column embedding_parts set storage main,
      alter column url set storage main,
      alter column title set storage main`.execute(db);
  // The parts are detoasted once per row (`|| '{}'`, which copies nothing when they are in the
  // row), not once per subscript: above about 1 000 dimensions they no longer fit in the row.
  await sql`
    create or replace function capture_similar(p_artifact_id uuid, p_limit integer)
    returns table (artifact_id uuid, similarity double precision)
    language plpgsql stable as $fn$
    declare
      v_user uuid;
      v_parts cube[];
      v_distances text;
      v_squares text;
    begin
      select a.user_id, a.embedding_parts into v_user, v_parts
        from artifacts a where a.id = p_artifact_id;
      if not found then
        return;
      end if;
      select string_agg(format('cube_distance(o.p[%s], $1[%s]) as d%s', i, i, i), ', ' order by i),
             string_agg(format('d.d%s * d.d%s', i, i), ' + ' order by i)
        into v_distances, v_squares
        from generate_series(1, cardinality(v_parts)) i;
      return query execute format(
        'select d.id, greatest(-1, least(1, 1 - (%s) / 2))
           from (select o.id, %s
                   from (select a.id, a.embedding_parts || ''{}''::cube[] as p
                           from artifacts a
                          where a.user_id = $2 and a.id <> $3
                         offset 0) o
                 offset 0) d
          order by 2 desc, d.id
          limit $4', v_squares, v_distances)
        using v_parts, v_user, p_artifact_id, p_limit;
    end $fn$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  // capture_similar as 20261203000000 created it (its `up` creates only that function).
  await sql`drop function capture_similar(uuid, integer)`.execute(db);
  await similarWithoutCube.up(db);
  await sql`alter table artifacts drop column embedding_parts, alter column url set storage extended, alter column title set storage extended`.execute(
    db,
  );
  await sql`drop function capture_embedding_parts(real[])`.execute(db);
  // Refused (no cascade) if anything else has come to use cube since.
  await sql`drop extension cube`.execute(db);
}
