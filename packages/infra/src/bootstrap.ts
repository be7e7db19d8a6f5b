/**
 * What a process needs before anything else is loaded: its settings, the logger and the request
 * scope. Nothing here loads a database or Redis driver or an HTTP framework, so that a process can
 * start tracing, which must hook those modules before their first load, in between (decision 0105).
 */
export {
  findUnknownProcessSettings,
  findUnknownSettings,
  loadProcessSettings,
  loadSettings,
  type LoadSettingsOptions,
} from './settings/load-settings.js';
export { SETTING_NAMES, type Environment, type LogLevel, type Settings } from './settings/settings.js';
export { SettingsError } from './settings/settings-error.js';
export { AsyncLocalRequestScope } from './logging/request-scope.js';
export { WinstonLogger } from './logging/winston-logger.js';
