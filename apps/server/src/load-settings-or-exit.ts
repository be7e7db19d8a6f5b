import type { Logger } from '@proj/application';
import {
  findUnknownProcessSettings,
  loadProcessSettings,
  SettingsError,
  type LoadSettingsOptions,
  type Settings,
} from '@proj/infra/bootstrap';

/**
 * The settings of this process (environment, then `.env` in development and test), or, when they
 * are invalid, exit 2 after printing one line per bad variable (never a value) to stderr.
 * `purpose` as in `loadSettings`: the db commands pass `database-commands`.
 */
export function loadSettingsOrExit(purpose: LoadSettingsOptions['purpose'] = 'serve'): Settings {
  try {
    return loadProcessSettings({ dotenvPath: '.env', purpose });
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

/** Warns about `PROJ_*` variables no setting reads (a typo, a removed setting). */
export function warnAboutUnknownSettings(logger: Logger): void {
  const unknown = findUnknownProcessSettings();
  if (unknown.length > 0) {
    logger.warn(`ignoring unknown settings: ${unknown.join(', ')} (see docs/configuration.md)`, { variables: unknown });
  }
}
