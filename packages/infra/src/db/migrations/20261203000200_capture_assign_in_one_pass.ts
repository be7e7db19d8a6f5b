import { sql, type Kysely } from 'kysely';

import { captureAssignAsCreated } from './20261201000300_create_capture.js';

// capture_assign scores each of the user's subspaces once (decision 0127): the best and the second
// best are the first two rows of one ranking (similarity descending, ties by id), where two queries
// scored every subspace twice. Same rule, same ties, same numbers; half the dot products, which
// were most of what a capture costs the database.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function capture_assign(p_user_id uuid, p_embedding real[], p_min_margin double precision, p_min_similarity double precision)
    returns table (subspace_id uuid, status text, similarity double precision, margin double precision)
    language plpgsql stable as $$
    declare
      v_norm double precision := capture_norm(p_embedding);
      v_ids uuid[];
      v_sims double precision[];
      v_margin double precision;
      v_assigned boolean;
    begin
      select array_agg(r.id order by r.sim desc, r.id), array_agg(r.sim order by r.sim desc, r.id)
        into v_ids, v_sims
        from (select s.id, greatest(-1, least(1, capture_dot(s.centroid, p_embedding) / (s.centroid_norm * v_norm))) as sim
                from subspaces s where s.user_id = p_user_id order by sim desc, s.id limit 2) r;
      if v_ids is null then
        return query select null::uuid, 'no_subspaces'::text, null::double precision, null::double precision;
        return;
      end if;
      -- With one subspace the margin is the best similarity itself.
      v_margin := coalesce(v_sims[1] - v_sims[2], v_sims[1]);
      v_assigned := v_margin >= p_min_margin and v_sims[1] >= p_min_similarity;
      return query select case when v_assigned then v_ids[1] end, case when v_assigned then 'assigned' else 'ambiguous' end,
        v_sims[1], v_margin;
    end $$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`create or replace function ${captureAssignAsCreated}`.execute(db);
}
