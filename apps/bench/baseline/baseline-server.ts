// NOT PRODUCT CODE. The floor the benchmark compares the service with: Express 5 and pg in one
// process, no layers, no validation beyond what the SQL needs, no auth, no cache, no logging,
// no metrics. It runs the same SQL as the service on the same database:
//   GET   /v1/accounts/users/:id       select by primary key
//   GET   /v1/accounts/users?limit=&cursor=   keyset page by (created_at, id); cursor = base64url("<ms>:<uuid>"), unsigned
//   POST  /v1/accounts/users            insert
//   PATCH /v1/accounts/users/:id        begin; select ... for update; update ... where version = $; commit
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

import express from 'express';
import pg from 'pg';

import { toJson, USER_COLUMNS, UUID, type UserRow } from './users.js';

const { values } = parseArgs({
  options: { port: { type: 'string' }, 'database-url': { type: 'string' }, 'pool-max': { type: 'string', default: '10' } },
  strict: true,
});
if (values.port === undefined || values['database-url'] === undefined) {
  process.stderr.write('usage: baseline-server --port <n> --database-url <url> [--pool-max <n>]\n');
  process.exit(2);
}

const pool = new pg.Pool({ connectionString: values['database-url'], max: Number(values['pool-max']) });
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(express.json());

app.get('/health/ready', (_req, res) => {
  res.json({ status: 'ok' });
});

app.get('/v1/accounts/users', async (req, res) => {
  const limit = Math.min(Math.max(Number(req.query['limit'] ?? 20) || 20, 1), 100);
  const cursor = typeof req.query['cursor'] === 'string' ? Buffer.from(req.query['cursor'], 'base64url').toString() : undefined;
  const [millis, id] = cursor?.split(':') ?? [];
  const { rows } =
    millis !== undefined && id !== undefined
      ? await pool.query<UserRow>(`select ${USER_COLUMNS} from users where (created_at, id) > ($1, $2) order by created_at, id limit $3`, [
          new Date(Number(millis)),
          id,
          limit,
        ])
      : await pool.query<UserRow>(`select ${USER_COLUMNS} from users order by created_at, id limit $1`, [limit]);
  const last = rows.length === limit ? rows[rows.length - 1] : undefined;
  res.json({
    items: rows.map(toJson),
    next_cursor: last ? Buffer.from(`${last.created_at.getTime()}:${last.id}`).toString('base64url') : null,
  });
});

app.post('/v1/accounts/users', async (req, res) => {
  const body = req.body as { email?: unknown; full_name?: unknown; is_active?: unknown };
  if (typeof body.email !== 'string' || typeof body.full_name !== 'string') {
    res.status(422).json({ error: 'email and full_name are required' });
    return;
  }
  const now = new Date();
  const row: UserRow = {
    id: randomUUID(),
    email: body.email.trim().toLowerCase(),
    full_name: body.full_name.trim(),
    is_active: body.is_active !== false,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await pool.query(`insert into users (${USER_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7)`, [
    row.id,
    row.email,
    row.full_name,
    row.is_active,
    row.created_at,
    row.updated_at,
    row.version,
  ]);
  res.status(201).location(`/v1/accounts/users/${row.id}`).set('ETag', `"${row.version}"`).json(toJson(row));
});

app.get('/v1/accounts/users/:id', async (req, res) => {
  if (!UUID.test(req.params.id)) {
    res.status(422).json({ error: 'malformed id' });
    return;
  }
  const { rows } = await pool.query<UserRow>(`select ${USER_COLUMNS} from users where id = $1`, [req.params.id]);
  const row = rows[0];
  if (!row) {
    res.status(404).json({ error: 'not found' });
    return;
  }
  res.set('ETag', `"${row.version}"`).json(toJson(row));
});

app.patch('/v1/accounts/users/:id', async (req, res) => {
  const body = req.body as { full_name?: unknown; is_active?: unknown };
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<UserRow>(`select ${USER_COLUMNS} from users where id = $1 for update`, [req.params.id]);
    const row = rows[0];
    if (!row) {
      await client.query('rollback');
      res.status(404).json({ error: 'not found' });
      return;
    }
    const updated: UserRow = {
      ...row,
      full_name: typeof body.full_name === 'string' ? body.full_name.trim() : row.full_name,
      is_active: typeof body.is_active === 'boolean' ? body.is_active : row.is_active,
      updated_at: new Date(),
      version: row.version + 1,
    };
    await client.query('update users set full_name = $1, is_active = $2, updated_at = $3, version = $4 where id = $5 and version = $6', [
      updated.full_name,
      updated.is_active,
      updated.updated_at,
      updated.version,
      row.id,
      row.version,
    ]);
    await client.query('commit');
    res.set('ETag', `"${updated.version}"`).json(toJson(updated));
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
});

const server = app.listen(Number(values.port), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeAllConnections();
});
