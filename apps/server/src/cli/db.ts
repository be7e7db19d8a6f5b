// `pnpm db:migrate | db:rollback [--to NAME] | db:status | db:seed`: see DB_USAGE.
// Reads the same settings as the server (environment, then `.env` in development and test).
import { WinstonLogger } from '@proj/infra';

import { loadSettingsOrExit, warnAboutUnknownSettings } from '../load-settings-or-exit.js';
import { runDbCommand } from './db-command.js';

// A migrate job needs the database's settings only, not the HTTP service's secrets.
const settings = loadSettingsOrExit('database-commands');

// Diagnostics (the embedded server starting, a lost connection) go to stderr; results to stdout.
const logger = WinstonLogger.create({ ...settings, log: { ...settings.log, level: 'warn' } }, process.stderr);
warnAboutUnknownSettings(logger);
const exitCode = await runDbCommand(process.argv.slice(2), {
  settings,
  logger,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
await logger.close();
process.exit(exitCode);
