// NOT PRODUCT CODE. The Express app of floor-server.ts, apart from its start-up so that a test can
// serve it from a Map of its own without a database.
import express, { type Express } from 'express';

import { toJson, UUID, type UserRow } from './users.js';

/**
 * Express 5 answering GET by id from `users` and nothing else: the baseline's settings and
 * handler with the query replaced by a Map lookup. The row is still turned into JSON on every
 * request, as the baseline does after its query, so that the difference between the two is the
 * database round trip and nothing else.
 */
export function floorApp(users: ReadonlyMap<string, UserRow>): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/health/ready', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/v1/accounts/users/:id', (req, res) => {
    if (!UUID.test(req.params.id)) {
      res.status(422).json({ error: 'malformed id' });
      return;
    }
    const row = users.get(req.params.id.toLowerCase());
    if (!row) {
      res.status(404).json({ error: 'not found' });
      return;
    }
    res.set('ETag', `"${row.version}"`).json(toJson(row));
  });

  return app;
}
