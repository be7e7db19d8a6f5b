// NOT PRODUCT CODE. Express's own ceiling for a read served from memory: Express 5 in one process,
// no layers, no auth, no cache to ask, no logging, no metrics, and no I/O per request. At start it
// reads every user of the bench database once (one select, then the connection is closed) into a
// Map, and only then listens:
//   GET /v1/accounts/users/:id   the user from the Map, in the baseline's JSON; 404 for an unknown id
//   GET /health/ready
// No Express service with an in-process cache can answer GET by id faster than this on the same
// machine, so the bench measures it next to the service's warm-cache GET to show that ceiling.
import { parseArgs } from 'node:util';

import pg from 'pg';

import { floorApp } from './floor-app.js';
import { USER_COLUMNS, type UserRow } from './users.js';

const { values } = parseArgs({
  options: { port: { type: 'string' }, 'database-url': { type: 'string' } },
  strict: true,
});
if (values.port === undefined || values['database-url'] === undefined) {
  process.stderr.write('usage: floor-server --port <n> --database-url <url>\n');
  process.exit(2);
}

const client = new pg.Client({ connectionString: values['database-url'] });
await client.connect();
let rows: UserRow[];
try {
  ({ rows } = await client.query<UserRow>(`select ${USER_COLUMNS} from users`));
} finally {
  await client.end();
}
// pg returns uuids in lower case; the handler looks ids up in lower case too.
const users = new Map(rows.map((row) => [row.id, row]));

const server = floorApp(users).listen(Number(values.port), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
