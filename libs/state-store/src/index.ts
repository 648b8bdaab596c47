export * from './contracts';
export { StateStoreError, isStateStoreError, type StateStoreErrorCode } from './errors';
export { canonicalSourceKey } from './source-key';
export { openMonitorStore, type OpenMonitorStoreOptions, type StoreLogger } from './open-monitor-store';
export { SqliteMonitorStore } from './sqlite/sqlite-monitor-store';
export { SCHEMA_VERSION, APPLICATION_ID } from './sqlite/schema';
