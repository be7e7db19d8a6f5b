import { loadSettings, SettingsError, type Settings } from '@proj/infra';

/**
 * The settings of this process (environment, then `.env` in development and test), or, when they
 * are invalid, exit 2 after printing one line per bad variable (never a value) to stderr.
 */
export function loadSettingsOrExit(): Settings {
  try {
    return loadSettings(process.env, { dotenvPath: '.env' });
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}
