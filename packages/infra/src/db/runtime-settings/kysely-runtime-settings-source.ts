import type { Kysely } from 'kysely';

import type { RuntimeSettingsSource } from '@proj/application';

import type { Database } from '../schema/database.js';

/** RuntimeSettingsSource over the `runtime_settings` table: every row, key to JSON value. */
export class KyselyRuntimeSettingsSource implements RuntimeSettingsSource {
  constructor(private readonly db: Kysely<Database>) {}

  async load(): Promise<ReadonlyMap<string, unknown>> {
    const rows = await this.db.selectFrom('runtime_settings').select(['key', 'value']).execute();
    return new Map(rows.map((row) => [row.key, row.value]));
  }
}
