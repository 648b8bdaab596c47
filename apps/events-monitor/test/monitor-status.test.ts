/**
 * R-SUP-2: the figures the events monitor reports to the supervisor, and when
 * it reports them (unit level; the real processes are in apps/cli/test/start-supervised.test.ts).
 */
import type { ComponentReportUpdate, MonitorStatus } from '@sysward/agent-runtime';
import { MemoryMonitorStore } from '@sysward/state-store/testing';
import { MonitorCounters } from '../src/counters';
import { DeliveryLag } from '../src/delivery-lag';
import { LifetimeTotals } from '../src/lifetime-totals';
import { MonitorStatusTicker, type MonitorStatusSource } from '../src/status-ticker';

const item = (key: string) => ({ key, payload: Buffer.alloc(10) });
const checkpoint = (recordId: number) => ({ source: 'recording:abc', logInstanceId: 'abc', recordId, bookmark: null, updatedAtMs: 1 });

describe('R-SUP-2 delivery lag: age of the oldest undelivered event', () => {
  it('is 0 on an empty outbox and follows the oldest commit as delivery trims', () => {
    const store = new MemoryMonitorStore();
    const lag = new DeliveryLag(store.stats(), 0);
    expect(lag.lagMs(store.stats().oldestSeq, 500)).toBe(0);

    store.appendWithCheckpoint([item('a'), item('b')], checkpoint(2));
    lag.committed(store.stats(), 1_000);
    store.appendWithCheckpoint([item('c')], checkpoint(3));
    lag.committed(store.stats(), 3_000);
    expect(lag.lagMs(store.stats().oldestSeq, 4_000)).toBe(3_000);

    const [first, second] = store.readOutbox(0, 2);
    store.trimThrough(first.seq);
    expect(lag.lagMs(store.stats().oldestSeq, 4_000)).toBe(3_000); // 'b' of the first commit is still waiting
    store.trimThrough(second.seq);
    expect(lag.lagMs(store.stats().oldestSeq, 4_000)).toBe(1_000);
    store.trimThrough(store.stats().newestSeq!);
    expect(lag.lagMs(store.stats().oldestSeq, 4_000)).toBe(0);
  });

  it('counts what a previous process left in the outbox from when this one found it', () => {
    const store = new MemoryMonitorStore();
    store.appendWithCheckpoint([item('old')], checkpoint(1));
    const lag = new DeliveryLag(store.stats(), 10_000);
    expect(lag.lagMs(store.stats().oldestSeq, 12_500)).toBe(2_500);
  });

  it('a commit that added nothing (all duplicates) does not restart the clock', () => {
    const store = new MemoryMonitorStore();
    const lag = new DeliveryLag(store.stats(), 0);
    store.appendWithCheckpoint([item('a')], checkpoint(1));
    lag.committed(store.stats(), 100);
    store.appendWithCheckpoint([item('a')], checkpoint(1));
    lag.committed(store.stats(), 900);
    expect(lag.lagMs(store.stats().oldestSeq, 1_000)).toBe(900);
  });
});

describe('R-SUP-2 lifetime totals: read and delivered survive a restart of the monitor', () => {
  const quiet = { warn: jest.fn() };

  it('adds this process\'s counters to what earlier processes saved, and saves only changes', () => {
    const store = new MemoryMonitorStore();
    const counters = new MonitorCounters();
    const first = LifetimeTotals.load(store, quiet);
    counters.read = 10;
    counters.delivered = 4;
    first.save(counters);
    const setMeta = jest.spyOn(store, 'setMeta');
    first.save(counters);
    expect(setMeta).not.toHaveBeenCalled();

    const again = new MonitorCounters();
    again.read = 1;
    expect(LifetimeTotals.load(store, quiet).current(again)).toEqual({ read: 11, delivered: 4 });
  });

  it('starts again from zero, with a warning, when the saved value is unreadable', () => {
    const store = new MemoryMonitorStore();
    store.setMeta('status-totals-v1', '{"read":-1}');
    const log = { warn: jest.fn() };
    expect(LifetimeTotals.load(store, log).current(new MonitorCounters())).toEqual({ read: 0, delivered: 0 });
    expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ key: 'status-totals-v1' }), expect.stringContaining('unreadable'));
  });
});

describe('R-SUP-2 status tick: reports only changes; delivery trouble is a recoverable error', () => {
  const figures = (delivered: number): MonitorStatus => ({
    eventsRead: 10, eventsDelivered: delivered, eventsDropped: 0, gaps: 0, outboxBytes: 0,
    checkpointPosition: 'recording:abc@7', checkpointUpdatedAtMs: 5, deliveryLagMs: 0,
  });

  function subject() {
    const counters = new MonitorCounters();
    let delivered = 0;
    const source: MonitorStatusSource = { counters, statusFigures: () => figures(delivered), saveTotals: jest.fn() };
    const updates: ComponentReportUpdate[] = [];
    const errors: string[] = [];
    const reporter = {
      update: (u: ComponentReportUpdate) => updates.push(u),
      recordError: (e: unknown) => errors.push((e as Error).message),
    };
    const ticker = new MonitorStatusTicker(source, reporter, () => 99);
    return { counters, source, updates, errors, ticker, deliver: (n: number) => (delivered = n) };
  }

  it('sends the figures on the first tick and then only when they changed, saving totals each tick', () => {
    const s = subject();
    s.ticker.tick();
    s.ticker.tick();
    s.deliver(3);
    s.ticker.tick();
    expect(s.updates).toEqual([{ monitor: figures(0) }, { monitor: figures(3) }]);
    expect(s.source.saveTotals).toHaveBeenCalledTimes(3);
  });

  it('a failing sink -> recoverable_error with the reason; a delivery that works again -> ok', () => {
    const s = subject();
    s.ticker.tick();
    s.counters.lastDeliveryError = 'disk full';
    s.ticker.tick();
    s.ticker.tick();
    expect(s.errors).toEqual(['delivery is failing and being retried: disk full']);
    s.counters.lastDeliveryError = null;
    s.ticker.tick();
    expect(s.updates.at(-1)).toEqual({ state: 'ok', stateReason: '' });
  });

  it('an unreadable recording becomes the last error, without changing the state', () => {
    const s = subject();
    s.ticker.tick();
    s.counters.fileErrors.push({ file: '/in/x.evtx', error: 'not an .evtx file' });
    s.ticker.tick();
    s.ticker.tick();
    const errorUpdates = s.updates.filter((u) => u.lastError !== undefined);
    expect(errorUpdates).toEqual([{ lastError: 'recording could not be read: /in/x.evtx: not an .evtx file', lastErrorAtMs: 99 }]);
    expect(errorUpdates[0].state).toBeUndefined();
  });
});
