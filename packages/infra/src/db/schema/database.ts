import type { DB } from './database.gen.js';

/** The schema as Kysely sees it, generated from the migrations by `pnpm db:codegen`. */
export type Database = DB;
