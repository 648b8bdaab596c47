import * as path from 'node:path';
import { openMonitorStore } from '../src';
import { describeMonitorStoreContract, MemoryMonitorStore, MemoryStoreVolume } from '../src/testing';
import { makeTempDir } from './support';

describeMonitorStoreContract(
  'SqliteMonitorStore',
  () => {
    const temp = makeTempDir('contract');
    const file = path.join(temp.dir, 'monitor.db');
    return {
      open: (options) => openMonitorStore(file, { ...options, lockTimeoutMs: 0 }),
      dispose: temp.cleanup,
    };
  },
  { durable: true },
);

describeMonitorStoreContract(
  'MemoryMonitorStore',
  () => {
    const volume = new MemoryStoreVolume();
    return { open: (options) => new MemoryMonitorStore({ ...options, volume }) };
  },
  { durable: true },
);
