// NOT PRODUCT CODE. The user row and its JSON as the bench's reference servers (baseline-server.ts,
// floor-server.ts) read and answer them: one definition, so that both answer GET by id with
// exactly the same body and the only difference between them is where the row comes from.

/** The columns of `users` the reference servers select, in the order of {@link UserRow}. */
export const USER_COLUMNS = 'id, email, full_name, is_active, created_at, updated_at, version';

/** What the service accepts as an id; anything else is answered 422 without a lookup. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A row of `users` as pg returns it. */
export interface UserRow {
  id: string;
  email: string;
  full_name: string;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** The response body of a user: the service's fields, timestamps in ISO 8601. */
export const toJson = (row: UserRow) => ({
  id: row.id,
  email: row.email,
  full_name: row.full_name,
  is_active: row.is_active,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
});
