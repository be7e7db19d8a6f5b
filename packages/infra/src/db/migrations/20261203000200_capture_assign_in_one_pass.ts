import { sql, type Kysely } from 'kysely';

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
      v_ranked record;
      v_best_id uuid;
      v_best double precision;
      v_second double precision;
      v_margin double precision;
    begin
      for v_ranked in
        select s.id, greatest(-1, least(1, capture_dot(s.centroid, p_embedding) / (s.centroid_norm * v_norm))) as sim
          from subspaces s where s.user_id = p_user_id order by sim desc, s.id limit 2
      loop
        if v_best_id is null then
          v_best_id := v_ranked.id;
          v_best := v_ranked.sim;
        else
          v_second := v_ranked.sim;
        end if;
      end loop;
      if v_best_id is null then
        return query select null::uuid, 'no_subspaces'::text, null::double precision, null::double precision;
        return;
      end if;
      v_margin := case when v_second is null then v_best else v_best - v_second end;
      if v_margin >= p_min_margin and v_best >= p_min_similarity then
        return query select v_best_id, 'assigned'::text, v_best, v_margin;
      else
        return query select null::uuid, 'ambiguous'::text, v_best, v_margin;
      end if;
    end $$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function capture_assign(p_user_id uuid, p_embedding real[], p_min_margin double precision, p_min_similarity double precision)
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
    end $$`.execute(db);
}
