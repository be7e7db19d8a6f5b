import { sql, type Kysely } from 'kysely';

import { Email } from '@proj/domain';

import { emailSkeleton } from '../accounts/email-skeleton.js';

/**
 * `users.email_skeleton`: what the address looks like (the Unicode TS #39 skeleton, decision 0113)
 * under a unique index, so that the database refuses the second of two look-alike addresses.
 * Existing rows are filled in here; when two of them already look alike, the index cannot be
 * built and the migration fails, naming the index: resolve the pair, then migrate again. The
 * column may be null (computing it needs the confusables data, which the database does not have):
 * every write of the service fills it; a row inserted by hand is not compared.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('email_skeleton', 'text').execute();
  const rows = (await db.selectFrom('users').select(['id', 'email']).execute()) as Array<{ id: string; email: string }>;
  for (const row of rows) {
    await db
      .updateTable('users')
      .set({ email_skeleton: emailSkeleton(Email.restore(row.email)) })
      .where('id', '=', row.id)
      .execute();
  }
  await db.schema.createIndex('users_email_skeleton_key').on('users').column('email_skeleton').unique().execute();
  await sql`comment on column users.email_skeleton is 'Unicode TS #39 skeleton of the address: look-alike addresses share one (decision 0113)'`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('email_skeleton').execute();
}
