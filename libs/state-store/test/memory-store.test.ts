import { isStateStoreError } from '../src';
import { MemoryMonitorStore, MemoryStoreVolume } from '../src/testing';
import { SYSMON } from './support';

const cp = (source: string, recordId: number) => ({ source, logInstanceId: 'L', recordId, bookmark: `<b r='${recordId}'/>`, updatedAtMs: 1 });

describe('MemoryMonitorStore (test double) specifics', () => {
  it('BUG-14: a volume seeded with the field case resumes at 9001 and reports "wineventlog" as unmatched', () => {
    const volume = new MemoryStoreVolume({ checkpoints: [cp('microsoft-windows-sysmon/operational', 9000), cp('wineventlog', 9000)] });
    const store = new MemoryMonitorStore({ volume, canonicalSources: [SYSMON] });
    expect(store.openReport.unmatchedCheckpointKeys).toEqual(['wineventlog']);
    expect(store.openReport.createdEmpty).toBeNull();
    expect(store.getCheckpoint(SYSMON)).toMatchObject({ source: SYSMON, recordId: 9000 });
  });

  it('R-REL-3: failNextWrite makes exactly the next write throw and change nothing', () => {
    const store = new MemoryMonitorStore();
    store.appendWithCheckpoint([{ key: 'a', payload: new Uint8Array(3) }], cp(SYSMON, 1));
    store.failNextWrite();
    let thrown: unknown;
    try {
      store.appendWithCheckpoint([{ key: 'b', payload: new Uint8Array(3) }], cp(SYSMON, 2));
    } catch (error) {
      thrown = error;
    }
    expect(isStateStoreError(thrown, 'DISK_FULL')).toBe(true);
    expect(store.stats().count).toBe(1);
    expect(store.getCheckpoint(SYSMON)?.recordId).toBe(1);
    store.appendWithCheckpoint([{ key: 'b', payload: new Uint8Array(3) }], cp(SYSMON, 2));
    expect(store.stats().count).toBe(2);
  });

  it('stored payloads are copies: changing the caller\'s buffer afterwards changes nothing stored', () => {
    const store = new MemoryMonitorStore();
    const payload = new Uint8Array([1, 2, 3]);
    store.appendWithCheckpoint([{ key: 'a', payload }], cp(SYSMON, 1));
    payload[0] = 99;
    const [read] = store.readOutbox(0, 1);
    read!.payload[1] = 99;
    expect(Array.from(store.readOutbox(0, 1)[0]!.payload)).toEqual([1, 2, 3]);
  });

  it('a seeded checkpoint with bad fields is refused naming the seed entry', () => {
    expect(() => new MemoryStoreVolume({ checkpoints: [cp(SYSMON, -4)] })).toThrow(/seed.checkpoints\[0\].recordId/);
  });
});
