import { MemoryMonitorStore } from '@sysward/state-store/testing';
import { MonitorCounters } from '../src/counters';
import { DeliveryLoop } from '../src/delivery';
import type { DeliveryBatchItem, Sink } from '../src/sinks/sink';

/** A sink that fails its first `failures` calls, then records what it got. */
class FlakySink implements Sink {
  readonly name = 'flaky';
  readonly received: DeliveryBatchItem[][] = [];
  calls = 0;
  constructor(private failures: number) {}
  async deliver(batch: DeliveryBatchItem[]): Promise<void> {
    this.calls++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('sink down');
    }
    this.received.push(batch);
  }
  async close(): Promise<void> {}
}

function seed(store: MemoryMonitorStore, n: number): void {
  const items = Array.from({ length: n }, (_, i) => ({ key: `k${i + 1}`, payload: Buffer.from([i]) }));
  store.appendWithCheckpoint(items, { source: 'recording:x', logInstanceId: 'x', recordId: n, bookmark: null, updatedAtMs: 1 });
}

describe('DeliveryLoop (R-MON-5 at-least-once, R-MON-6 a down sink never blocks)', () => {
  it('trims the outbox only after the sink confirmed, in order, in bounded batches', async () => {
    const store = new MemoryMonitorStore();
    seed(store, 25);
    const sink = new FlakySink(0);
    const counters = new MonitorCounters();
    const loop = new DeliveryLoop({ store, sink, counters, batchSize: 10, retryDelayMs: () => 1, now: () => 5, onError: () => undefined });
    await loop.run(new AbortController().signal, { isInputDone: () => true });
    expect(sink.received.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(sink.received.flat().map((i) => i.key)).toEqual(Array.from({ length: 25 }, (_, i) => `k${i + 1}`));
    expect(store.stats().count).toBe(0);
    expect(counters.delivered).toBe(25);
  });

  it('keeps items in the outbox while the sink fails, retries with backoff, then delivers everything', async () => {
    const store = new MemoryMonitorStore();
    seed(store, 3);
    const sink = new FlakySink(4);
    const counters = new MonitorCounters();
    const attempts: number[] = [];
    const loop = new DeliveryLoop({
      store,
      sink,
      counters,
      batchSize: 10,
      retryDelayMs: (attempt) => {
        attempts.push(attempt);
        expect(store.stats().count).toBe(3); // nothing trimmed while unconfirmed
        return 1;
      },
      now: () => 5,
      onError: () => undefined,
    });
    await loop.run(new AbortController().signal, { isInputDone: () => true });
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(sink.received.flat().map((i) => i.key)).toEqual(['k1', 'k2', 'k3']);
    expect(counters.lastDeliveryError).toBeNull();
  });

  it('stops when aborted even while the sink keeps failing', async () => {
    const store = new MemoryMonitorStore();
    seed(store, 1);
    const sink = new FlakySink(Number.MAX_SAFE_INTEGER);
    const stop = new AbortController();
    const loop = new DeliveryLoop({
      store,
      sink,
      counters: new MonitorCounters(),
      batchSize: 10,
      retryDelayMs: () => 5,
      now: () => 5,
      onError: (_e, attempt) => attempt === 3 && stop.abort(),
    });
    await loop.run(stop.signal);
    expect(store.stats().count).toBe(1);
  });
});

