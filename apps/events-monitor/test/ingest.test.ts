import type { EventRecord } from '@sysward/evtx';
import { MemoryMonitorStore } from '@sysward/state-store/testing';
import { MonitorCounters } from '../src/counters';
import { runIngest, type RecordEncoder } from '../src/ingest';
import type { EventSource, SourceBatch } from '../src/sources/event-source';

function record(recordId: number, eventId: number): EventRecord {
  return {
    recordId, eventId, timeCreated: null, provider: { name: 'Microsoft-Windows-Sysmon', guid: null, eventSourceName: null },
    channel: 'Microsoft-Windows-Sysmon/Operational', qualifiers: null, version: 5, level: 4, task: 1, opcode: 0, keywords: null,
    computer: 'HOST', processId: 1, threadId: 2, userSid: null, dataKind: 'EventData', eventData: {}, flags: { recovered: false, partial: false, errors: [] },
  };
}

/** A scripted source: fixed batches, one after another. */
function scripted(batches: SourceBatch[]): EventSource {
  return {
    async *batches(signal: AbortSignal) {
      for (const b of batches) {
        if (signal.aborted) return;
        yield b;
      }
    },
  };
}

const batch = (ids: Array<[number, number]>): SourceBatch => ({
  source: 'recording:abc', logInstanceId: 'abc', label: 'f.evtx',
  records: ids.map(([r, e]) => record(r, e)), lastRecordId: ids[ids.length - 1][0],
});

const encode: RecordEncoder = (rec) => {
  if (rec.eventId === 4) return { kind: 'health', eventId: 4 };
  if (rec.eventId === 99) throw new Error('cannot normalise');
  if (![1, 3].includes(rec.eventId)) return { kind: 'skipped', eventId: rec.eventId };
  return { kind: 'item', item: { key: `k${rec.recordId}`, payload: Buffer.alloc(100) } };
};

function options(store: MemoryMonitorStore, source: EventSource, counters: MonitorCounters, cap = 1 << 30) {
  return { source, store, encode, counters, outboxCapBytes: cap, now: () => 42, onCommitted: () => undefined, onRecordError: () => undefined };
}

describe('runIngest (R-MON-1, R-MON-4, R-EV-1)', () => {
  it('appends forwarded records with the checkpoint of the batch; health and other ids are counted, errors counted and skipped', async () => {
    const store = new MemoryMonitorStore();
    const counters = new MonitorCounters();
    await runIngest(options(store, scripted([batch([[1, 1], [2, 2], [3, 4]]), batch([[4, 3], [5, 99], [6, 11]])]), counters), new AbortController().signal);
    expect(store.readOutbox(0, 10).map((i) => i.key)).toEqual(['k1', 'k4']);
    expect(store.getCheckpoint('recording:abc')?.recordId).toBe(6);
    expect(counters.read).toBe(6);
    expect(counters.forwarded).toBe(2);
    expect(Object.fromEntries(counters.skippedById)).toEqual({ 2: 1, 11: 1 });
    expect(Object.fromEntries(counters.healthById)).toEqual({ 4: 1 });
    expect(counters.recordErrors).toBe(1);
  });

  it('moves the checkpoint even when a whole batch is filtered out, so a restart does not re-read it', async () => {
    const store = new MemoryMonitorStore();
    await runIngest(options(store, scripted([batch([[10, 2], [11, 5]])]), new MonitorCounters()), new AbortController().signal);
    expect(store.stats().count).toBe(0);
    expect(store.getCheckpoint('recording:abc')?.recordId).toBe(11);
  });

  it('pauses reading while the outbox is at its cap, and goes on once delivery made room (R-MON-4)', async () => {
    const store = new MemoryMonitorStore();
    const counters = new MonitorCounters();
    const run = runIngest(options(store, scripted([batch([[1, 1], [2, 1]]), batch([[3, 1]]), batch([[4, 1]])]), counters, 150), new AbortController().signal);
    await new Promise((r) => setTimeout(r, 300));
    // First batch (200 bytes) went in; the cap (150) now holds the second one back.
    expect(store.getCheckpoint('recording:abc')?.recordId).toBe(2);
    store.trimThrough(store.stats().newestSeq!);
    await run;
    expect(store.getCheckpoint('recording:abc')?.recordId).toBe(4);
  });

  it('a duplicate key already in the outbox is counted, not appended twice (R-MON-5)', async () => {
    const store = new MemoryMonitorStore();
    const counters = new MonitorCounters();
    await runIngest(options(store, scripted([batch([[1, 1]]), batch([[1, 1], [2, 1]])]), counters), new AbortController().signal);
    expect(store.stats().count).toBe(2);
    expect(counters.duplicates).toBe(1);
  });
});
