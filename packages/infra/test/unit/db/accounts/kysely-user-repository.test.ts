import { expect } from 'chai';
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type RootOperationNode,
} from 'kysely';

import { UserId } from '@proj/domain';

import { KyselyUserRepository } from '../../../../src/db/accounts/kysely-user-repository.js';
import type { UserRow } from '../../../../src/db/accounts/user-row-mapper.js';
import type { Database } from '../../../../src/db/schema/database.js';

const COLUMNS = '"id", "email", "full_name", "is_active", "created_at", "updated_at", "version"';

/** A Kysely whose driver records each statement it is given and answers with `rows`. */
function recordingDatabase(rows: UserRow[]): { db: Kysely<Database>; executed: CompiledQuery[]; compilations: () => number } {
  const executed: CompiledQuery[] = [];
  let compilations = 0;
  class CountingCompiler extends PostgresQueryCompiler {
    override compileQuery(node: RootOperationNode, queryId: Parameters<PostgresQueryCompiler['compileQuery']>[1]): CompiledQuery {
      compilations += 1;
      return super.compileQuery(node, queryId);
    }
  }
  const connection: DatabaseConnection = {
    executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
      executed.push(query);
      return Promise.resolve({ rows: rows as R[] });
    },
    streamQuery: () => {
      throw new Error('not used');
    },
  };
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: async () => undefined,
    commitTransaction: async () => undefined,
    rollbackTransaction: async () => undefined,
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (kysely) => new PostgresIntrospector(kysely),
      createQueryCompiler: () => new CountingCompiler(),
    },
  });
  return { db, executed, compilations: () => compilations };
}

describe('KyselyUserRepository reads by id', () => {
  const id = UserId.of('0190a0b0-0000-7000-8000-000000000001');
  const row: UserRow = {
    id: id.value,
    email: 'jane@example.com',
    full_name: 'Jane Doe',
    is_active: true,
    created_at: new Date('2026-01-01T00:00:00.000Z'),
    updated_at: new Date('2026-01-02T00:00:00.000Z'),
    version: 3,
  };

  it('runs one statement compiled once for every read, with the id as its only parameter', async () => {
    const { db, executed, compilations } = recordingDatabase([row]);
    const users = new KyselyUserRepository(db);
    const other = UserId.of('0190a0b0-0000-7000-8000-000000000002');

    const [first] = await Promise.all([users.findById(id), users.findById(other)]);

    expect(compilations(), 'statements compiled per read').to.equal(0);
    expect(executed.map((query) => [query.sql, query.parameters])).to.deep.equal([
      [`select ${COLUMNS} from "users" where "id" = $1`, [id.value]],
      [`select ${COLUMNS} from "users" where "id" = $1`, [other.value]],
    ]);
    expect(executed[0]?.queryId).to.not.equal(executed[1]?.queryId);
    expect(first?.toSnapshot()).to.deep.equal({
      id: id.value,
      email: 'jane@example.com',
      fullName: 'Jane Doe',
      isActive: true,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      version: 3,
    });
  });

  it('locks the row with for update, and answers undefined when there is none', async () => {
    const { db, executed, compilations } = recordingDatabase([]);

    expect(await new KyselyUserRepository(db).findByIdForUpdate(id)).to.equal(undefined);

    expect(compilations()).to.equal(0);
    expect(executed.map((query) => [query.sql, query.parameters])).to.deep.equal([
      [`select ${COLUMNS} from "users" where "id" = $1 for update`, [id.value]],
    ]);
  });
});
