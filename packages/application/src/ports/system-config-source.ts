/**
 * Where system configuration that operators change while the service runs is stored (a database
 * table): raw values by key. Values are validated by the reader (each key's own rule), not here.
 *
 * May reject with any error when the source cannot answer; readers go through
 * `SystemConfigCache`, which never fails.
 */
export interface SystemConfigSource {
  load(): Promise<ReadonlyMap<string, unknown>>;
}
