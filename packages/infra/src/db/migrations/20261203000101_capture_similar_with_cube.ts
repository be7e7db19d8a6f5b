import { sql, type Kysely } from 'kysely';

import * as similarWithoutCube from './20261203000000_capture_similar_without_pgvector.js';

// Similar-artifact search with the `cube` contrib extension (decision 0125), exact as before and
// three to four times faster than the unrolled expression of 20261203000000. For unit vectors,
// cosine similarity is 1 - |a - b|^2 / 2, and cube_distance computes a Euclidean distance in C. A
// cube has at most 100 dimensions, so each artifact keeps its L2-normalised embedding in parts of
// at most 96 numbers (`embedding_parts cube[]`, 4 parts at 384 dimensions) and the sum of those
// numbers (`embedding_unit_sum`), stored generated columns the database computes on write.
// `capture_similar` (same signature and results, ties by id) writes one cube_distance per part out
// in one query and runs it with EXECUTE.
//
// The shift: cube_distance branches on the sign of each a_i - b_i, random over unit vectors, and
// the mispredicted branches cost more than the arithmetic. So the search measures the distance to
// the target moved by -c in every coordinate (c = 0.5): a_i - b_i + c is positive unless a
// coordinate differs by more than 0.5, the branch is predictable, the query about 1.5 times faster.
// The algebra undoes the shift: sum (a_i - b_i + c)^2 = |a - b|^2 + 2c (sum a_i - sum b_i) + n c^2.
// It costs some precision: the sums are about n/4 rather than at most 4, so similarities are within
// about 1e-13 of the exact cosine (2.6e-14 at most, measured at 384 dimensions), not 1e-15.
//
// Each distance is computed once, in a subquery kept apart by `offset 0`, and squared by a
// multiplication (power() added 10-25 % to the whole query). The parts are detoasted once per row
// (`|| '{}'`, which copies nothing when they are in the row), not once per subscript.
//
// Storage MAIN keeps the parts in the row (about 3.1 kB at 384 dimensions) and lets the embedding
// move out of line instead: read from TOAST, the parts cost as much as the distances themselves.
// The url and the title get storage MAIN too: with the parts making the row longer than 2 kB even
// without the embedding, PostgreSQL would otherwise move them out of line as well, and every read of
// an artifact would fetch them from TOAST. Above about 1 000 dimensions the parts no longer fit in
// the row and go out of line all the same.
//
// cube is a trusted extension: the database owner can create it without being a superuser.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists cube`.execute(db);
  // Parts of 96 numbers, the last one shorter, each number x / |v| + p_shift in double precision;
  // and the sum of the x / |v|. Null for an all-zero vector, and no error for a null number: the
  // generated columns are computed before the CHECK, which then refuses such an embedding as before.
  // PL/pgSQL keeps its plans for the session; as an SQL function (not inlinable) the parts were
  // planned again for every insert, which tripled what the new columns add to a capture.
  await sql`
    create function capture_embedding_parts(v real[], p_shift double precision) returns cube[]
    language plpgsql immutable parallel safe as $$
    declare
      v_norm double precision := capture_norm(v);
      v_unit double precision[];
      v_parts cube[] := '{}';
    begin
      if not coalesce(v_norm > 0, false) then
        return null;
      end if;
      v_unit := array(select x / v_norm + p_shift from unnest(v::double precision[]) with ordinality t(x, i)
                       where x is not null order by i);
      for k in 0 .. (cardinality(v_unit) - 1) / 96 loop
        v_parts := v_parts || cube(v_unit[k * 96 + 1 : k * 96 + 96]);
      end loop;
      return v_parts;
    end $$`.execute(db);
  await sql`
    create function capture_embedding_unit_sum(v real[]) returns double precision
    language sql immutable parallel safe as $$
      select sum(x / n.norm) from unnest(v::double precision[]) x, capture_norm(v) n(norm) where n.norm > 0
    $$`.execute(db);
  // One statement, so that the storage applies to the rows the rewrite fills.
  await sql`
    alter table artifacts
      add column embedding_parts cube[] generated always as (capture_embedding_parts(embedding, 0)) stored,
      add column embedding_unit_sum double precision generated always as (capture_embedding_unit_sum(embedding)) stored,
      alter column embedding_parts set storage main,
      alter column url set storage main,
      alter column title set storage main`.execute(db);
  // $1: the target's parts moved by -c; $5: n c^2; $6: 2c; $7: the target's sum. With c = 0.5 both
  // constants are exact, and D - n c^2 is taken first, where the two are closest.
  await sql`
    create or replace function capture_similar(p_artifact_id uuid, p_limit integer)
    returns table (artifact_id uuid, similarity double precision)
    language plpgsql stable as $fn$
    declare
      c constant double precision := 0.5;
      v_user uuid;
      v_parts cube[];
      v_sum double precision;
      v_dimension integer;
      v_distances text;
      v_squares text;
    begin
      select a.user_id, capture_embedding_parts(a.embedding, -c), a.embedding_unit_sum, cardinality(a.embedding)
        into v_user, v_parts, v_sum, v_dimension
        from artifacts a where a.id = p_artifact_id;
      if not found then
        return;
      end if;
      select string_agg(format('cube_distance(o.p[%s], $1[%s]) as d%s', i, i, i), ', ' order by i),
             string_agg(format('d.d%s * d.d%s', i, i), ' + ' order by i)
        into v_distances, v_squares
        from generate_series(1, cardinality(v_parts)) i;
      return query execute format(
        'select d.id, greatest(-1, least(1, 1 - ((%s - $5) - $6 * (d.s - $7)) / 2))
           from (select o.id, o.s, %s
                   from (select a.id, a.embedding_unit_sum as s, a.embedding_parts || ''{}''::cube[] as p
                           from artifacts a
                          where a.user_id = $2 and a.id <> $3
                         offset 0) o
                 offset 0) d
          order by 2 desc, d.id
          limit $4', v_squares, v_distances)
        using v_parts, v_user, p_artifact_id, p_limit, v_dimension * c * c, 2 * c, v_sum;
    end $fn$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  // capture_similar as 20261203000000 created it (its `up` creates only that function).
  await sql`drop function capture_similar(uuid, integer)`.execute(db);
  await similarWithoutCube.up(db);
  await sql`
    alter table artifacts
      drop column embedding_parts,
      drop column embedding_unit_sum,
      alter column url set storage extended,
      alter column title set storage extended`.execute(db);
  await sql`drop function capture_embedding_unit_sum(real[])`.execute(db);
  await sql`drop function capture_embedding_parts(real[], double precision)`.execute(db);
  // Refused (no cascade) if anything else has come to use cube since.
  await sql`drop extension cube`.execute(db);
}
