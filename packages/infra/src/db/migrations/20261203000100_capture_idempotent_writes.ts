import { sql, type Kysely } from 'kysely';

// Exactly-once captures and signals under an Idempotency-Key, whatever happened to the response
// store (decision 0086, as decision 0042 does for registrations): each wrapper claims the key in
// idempotency_keys and makes the write in the same statement, or, when the key is already there,
// answers the write it recorded (the signal it added, and its artifact as it is now). Another
// command under the same key is refused with SQLSTATE PC409.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function capture_ingest_with_signal_once(
      p_idempotency_key text, p_fingerprint text,
      p_artifact_id uuid, p_signal_id uuid, p_user_id uuid, p_url text, p_title text, p_embedding real[],
      p_reading_depth double precision, p_occurred_at timestamptz, p_at timestamptz,
      p_subspace_id uuid, p_assignment_status text, p_assignment_similarity double precision, p_assignment_margin double precision
    ) returns table (artifact artifacts, signal signals, created boolean)
    language plpgsql as $fn$
    declare
      v_key idempotency_keys;
    begin
      insert into idempotency_keys (key, fingerprint, resource_id, created_at)
      values (p_idempotency_key, p_fingerprint, p_signal_id, p_at)
      on conflict (key) do nothing;
      if found then
        return query select * from capture_ingest_with_signal(
          p_artifact_id, p_signal_id, p_user_id, p_url, p_title, p_embedding, p_reading_depth, p_occurred_at, p_at,
          p_subspace_id, p_assignment_status, p_assignment_similarity, p_assignment_margin);
        return;
      end if;
      select * into v_key from idempotency_keys k where k.key = p_idempotency_key;
      if v_key.fingerprint <> p_fingerprint then
        raise exception using errcode = 'PC409', message = 'the idempotency key was used for another request';
      end if;
      -- The recorded capture created its artifact when its signal is the artifact's first.
      return query
        select a, s, not exists (
                 select 1 from signals e where e.artifact_id = s.artifact_id and (e.recorded_at, e.id) < (s.recorded_at, s.id))
          from signals s join artifacts a on a.id = s.artifact_id
         where s.id = v_key.resource_id;
    end $fn$`.execute(db);

  await sql`
    create function capture_record_signal_once(
      p_idempotency_key text, p_fingerprint text,
      p_signal_id uuid, p_artifact_id uuid, p_reading_depth double precision, p_occurred_at timestamptz, p_at timestamptz
    ) returns table (artifact artifacts, signal signals)
    language plpgsql as $fn$
    declare
      v_key idempotency_keys;
    begin
      insert into idempotency_keys (key, fingerprint, resource_id, created_at)
      values (p_idempotency_key, p_fingerprint, p_signal_id, p_at)
      on conflict (key) do nothing;
      if found then
        return query select * from capture_record_signal(p_signal_id, p_artifact_id, p_reading_depth, p_occurred_at, p_at);
        if not found then
          -- No such artifact: nothing was written, and the key is not kept either.
          delete from idempotency_keys k where k.key = p_idempotency_key;
        end if;
        return;
      end if;
      select * into v_key from idempotency_keys k where k.key = p_idempotency_key;
      if v_key.fingerprint <> p_fingerprint then
        raise exception using errcode = 'PC409', message = 'the idempotency key was used for another request';
      end if;
      return query select a, s from signals s join artifacts a on a.id = s.artifact_id where s.id = v_key.resource_id;
    end $fn$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function capture_record_signal_once(text, text, uuid, uuid, double precision, timestamptz, timestamptz)`.execute(db);
  await sql`drop function capture_ingest_with_signal_once(text, text, uuid, uuid, uuid, text, text, real[], double precision, timestamptz, timestamptz, uuid, text, double precision, double precision)`.execute(
    db,
  );
}
