import { sql, type Kysely, type RawBuilder } from 'kysely';

// The migration history belongs to the migrator, not to any migration.
const HISTORY_TABLES = ['schema_migrations', 'schema_migrations_lock'];
const USER_SCHEMAS = sql`n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg\\_%'`;
// Objects created by `create extension` are described by the extension's name alone.
const NOT_FROM_EXTENSION = (classId: string, oid: RawBuilder<unknown>) =>
  sql`not exists (select 1 from pg_depend d where d.classid = ${sql.raw(`'${classId}'::regclass`)} and d.objid = ${oid} and d.deptype = 'e')`;

/**
 * A normalised, line-per-object description of every user schema in the database: schemas,
 * extensions, tables with their columns, constraints, indexes and triggers, views, sequences,
 * functions and types. Built from catalog queries whose output is the same on PostgreSQL 15 and 18
 * (NOT NULL is read from `pg_attribute`, because PostgreSQL 18 also records it as a constraint),
 * and sorted, so two databases have equal descriptions exactly when their schemas are equal.
 * The migrator's own history tables are left out.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function describeSchema(db: Kysely<any>): Promise<string> {
  const lines: string[] = [];
  const add = async (query: RawBuilder<{ line: string }>): Promise<void> => {
    const { rows } = await query.execute(db);
    lines.push(...rows.map((row) => row.line).sort());
  };

  await add(sql`select 'schema ' || n.nspname as line from pg_namespace n where ${USER_SCHEMAS}`);
  await add(sql`select 'extension ' || e.extname as line from pg_extension e where e.extname <> 'plpgsql'`);
  const relations = await sql<{ oid: number; kind: string; name: string; comment: string | null; rls: boolean }>`
    select c.oid::int as oid, c.relkind::text as kind, n.nspname || '.' || c.relname as name,
           obj_description(c.oid, 'pg_class') as comment, c.relrowsecurity as rls
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where ${USER_SCHEMAS} and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
       and not (n.nspname = 'public' and c.relname in (${sql.join(HISTORY_TABLES)}))
       and ${NOT_FROM_EXTENSION('pg_class', sql`c.oid`)}
     order by 3`.execute(db);
  for (const relation of relations.rows) {
    lines.push(...(await describeRelation(db, relation)));
  }
  await add(sql`
    select 'function ' || pg_get_functiondef(p.oid) as line
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where ${USER_SCHEMAS} and p.prokind in ('f', 'p') and ${NOT_FROM_EXTENSION('pg_proc', sql`p.oid`)}`);
  await add(sql`
    select 'enum ' || n.nspname || '.' || t.typname || ' (' || string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder) || ')' as line
      from pg_type t join pg_namespace n on n.oid = t.typnamespace join pg_enum e on e.enumtypid = t.oid
     where ${USER_SCHEMAS} and ${NOT_FROM_EXTENSION('pg_type', sql`t.oid`)}
     group by n.nspname, t.typname`);
  await add(sql`
    select 'domain ' || n.nspname || '.' || t.typname || ' ' || format_type(t.typbasetype, t.typtypmod)
           || case when t.typnotnull then ' not null' else '' end
           || coalesce(' default ' || t.typdefault, '')
           || coalesce((select ' ' || string_agg(c.conname || ' ' || pg_get_constraintdef(c.oid), ' ' order by c.conname)
                          from pg_constraint c where c.contypid = t.oid and c.contype = 'c'), '') as line
      from pg_type t join pg_namespace n on n.oid = t.typnamespace
     where ${USER_SCHEMAS} and t.typtype = 'd' and ${NOT_FROM_EXTENSION('pg_type', sql`t.oid`)}`);
  return `${lines.join('\n')}\n`;
}

async function describeRelation(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  relation: { oid: number; kind: string; name: string; comment: string | null; rls: boolean },
): Promise<string[]> {
  const kind =
    { r: 'table', p: 'partitioned table', v: 'view', m: 'materialized view', S: 'sequence', f: 'foreign table' }[relation.kind] ??
    relation.kind;
  const head = `${kind} ${relation.name}${relation.rls ? ' (row level security)' : ''}`;
  const lines = [head];
  const section = async (query: RawBuilder<{ line: string }>, sorted: boolean): Promise<void> => {
    const rows = (await query.execute(db)).rows.map((row) => `  ${row.line}`);
    lines.push(...(sorted ? rows.sort() : rows));
  };
  if (relation.comment !== null) lines.push(`  comment ${relation.comment}`);
  if (relation.kind === 'S') {
    await section(
      sql`select 'sequence ' || format_type(s.seqtypid, null) || ' start ' || s.seqstart || ' increment ' || s.seqincrement
                 || ' min ' || s.seqmin || ' max ' || s.seqmax || ' cache ' || s.seqcache || case when s.seqcycle then ' cycle' else '' end as line
            from pg_sequence s where s.seqrelid = ${relation.oid}`,
      false,
    );
    return lines;
  }
  if (relation.kind === 'v' || relation.kind === 'm') {
    await section(sql`select 'definition ' || regexp_replace(pg_get_viewdef(${relation.oid}::oid, true), '\\s+', ' ', 'g') as line`, false);
  }
  // Columns in their physical order, which is part of the schema (`select *`, `insert` without names).
  await section(
    sql`select 'column ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
               || case when a.attnotnull then ' not null' else '' end
               || case a.attidentity when 'a' then ' generated always as identity' when 'd' then ' generated by default as identity' else '' end
               || case when a.attgenerated = 's' then ' generated always as (' || pg_get_expr(ad.adbin, ad.adrelid) || ') stored'
                       when ad.adbin is not null then ' default ' || pg_get_expr(ad.adbin, ad.adrelid) else '' end
               || case when a.attcollation <> t.typcollation then ' collate ' || co.collname else '' end
               || coalesce(' comment ' || col_description(a.attrelid, a.attnum), '') as line
          from pg_attribute a
          join pg_type t on t.oid = a.atttypid
          left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
          left join pg_collation co on co.oid = a.attcollation
         where a.attrelid = ${relation.oid} and a.attnum > 0 and not a.attisdropped
         order by a.attnum`,
    false,
  );
  await section(
    sql`select 'constraint ' || c.conname || ' ' || pg_get_constraintdef(c.oid) as line
          from pg_constraint c where c.conrelid = ${relation.oid} and c.contype <> 'n'`,
    true,
  );
  await section(sql`select 'index ' || pg_get_indexdef(i.indexrelid) as line from pg_index i where i.indrelid = ${relation.oid}`, true);
  await section(
    sql`select 'trigger ' || pg_get_triggerdef(t.oid) as line from pg_trigger t where t.tgrelid = ${relation.oid} and not t.tgisinternal`,
    true,
  );
  await section(
    sql`select 'policy ' || p.polname || ' ' || p.polcmd::text || coalesce(' using ' || pg_get_expr(p.polqual, p.polrelid), '')
               || coalesce(' with check ' || pg_get_expr(p.polwithcheck, p.polrelid), '') as line
          from pg_policy p where p.polrelid = ${relation.oid}`,
    true,
  );
  return lines;
}
