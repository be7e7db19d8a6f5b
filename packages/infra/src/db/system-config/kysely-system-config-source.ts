import type { Kysely } from 'kysely';

import type { SystemConfigSource } from '@proj/application';

import type { Database } from '../schema/database.js';

/** SystemConfigSource over the `system_config` table: every row, key to JSON value. */
export class KyselySystemConfigSource implements SystemConfigSource {
  constructor(private readonly db: Kysely<Database>) {}

  async load(): Promise<ReadonlyMap<string, unknown>> {
    const rows = await this.db.selectFrom('system_config').select(['key', 'value']).execute();
    return new Map(rows.map((row) => [row.key, row.value]));
  }
}
