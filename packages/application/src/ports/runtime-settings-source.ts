/**
 * Where runtime-tunable settings are stored (a database table): raw values by key, changed by
 * operators while the service runs. Values are validated by the reader, not here.
 *
 * May reject with any error when the source cannot answer; readers go through
 * `RuntimeSettingsCache`, which never fails.
 */
export interface RuntimeSettingsSource {
  load(): Promise<ReadonlyMap<string, unknown>>;
}
