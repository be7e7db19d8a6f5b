import { sql, type Kysely } from 'kysely';

// The runtime settings table becomes the one store of system configuration read through the
// fail-soft SystemConfigCache (decision 0082): same rows, a wider key format so that keys can be
// namespaced by context (`capture.assignment_min_margin`).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table runtime_settings rename to system_config`.execute(db);
  await sql`alter table system_config rename constraint runtime_settings_pkey to system_config_pkey`.execute(db);
  await sql`alter table system_config drop constraint runtime_settings_key_check`.execute(db);
  await sql`alter table system_config add constraint system_config_key_check check (key ~ '^[a-z][a-z0-9_]{0,63}(\.[a-z][a-z0-9_]{0,63})*$' and length(key) <= 128)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  // Namespaced keys cannot be kept under the old key format.
  await sql`delete from system_config where key !~ '^[a-z][a-z0-9_]{0,63}$'`.execute(db);
  await sql`alter table system_config drop constraint system_config_key_check`.execute(db);
  await sql`alter table system_config add constraint runtime_settings_key_check check (key ~ '^[a-z][a-z0-9_]{0,63}$')`.execute(db);
  await sql`alter table system_config rename constraint system_config_pkey to runtime_settings_pkey`.execute(db);
  await sql`alter table system_config rename to runtime_settings`.execute(db);
}
