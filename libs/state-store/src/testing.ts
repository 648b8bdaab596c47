/**
 * Test-only entry point (`@sysward/state-store/testing`): the MonitorStore
 * contract suite and the in-memory store for other components' unit tests.
 * It imports @jest/globals, so load it from tests only.
 */
export {
  describeMonitorStoreContract,
  type MonitorStoreContractOptions,
  type MonitorStoreContractSubject,
} from './testing/monitor-store-contract';
export { MemoryMonitorStore, MemoryStoreVolume, type MemoryMonitorStoreOptions } from './memory/memory-monitor-store';
