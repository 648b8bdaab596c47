/**
 * R-SUP-2 for the live channel: a read failure that persists is a
 * recoverable_error (BUG-15: "a persistent failure appears in gRPC status"),
 * a hold is the reason of an ok state, a lost checkpoint is shown as the last
 * error (BUG-14), and records outside the managed Sysmon are a figure (R-MON-3).
 */
import type { ComponentReportUpdate, MonitorStatus } from '@sysward/agent-runtime';
import { MonitorCounters } from '../src/counters';
import { MonitorStatusTicker, type MonitorStatusSource } from '../src/status-ticker';

const figures: MonitorStatus = {
  eventsRead: 10, eventsDelivered: 0, eventsDropped: 0, gaps: 1, outboxBytes: 0,
  checkpointPosition: 'Microsoft-Windows-Sysmon/Operational@7', checkpointUpdatedAtMs: 5, deliveryLagMs: 0, eventsOutsideManaged: 3,
};

function subject() {
  const counters = new MonitorCounters();
  const source: MonitorStatusSource = { counters, statusFigures: () => figures, saveTotals: () => undefined };
  const updates: ComponentReportUpdate[] = [];
  const errors: string[] = [];
  const ticker = new MonitorStatusTicker(source, { update: (u) => updates.push(u), recordError: (e) => errors.push((e as Error).message) }, () => 99);
  return { counters, updates, errors, ticker };
}

describe('R-SUP-2 status of the live channel reader', () => {
  it('BUG-15 a failing read -> recoverable_error naming it, ahead of a delivery error; reading again -> the delivery error, then ok', () => {
    const s = subject();
    s.ticker.tick();
    s.counters.readError = 'UNAVAILABLE: the event log service is not running';
    s.counters.lastDeliveryError = 'disk full';
    s.ticker.tick();
    s.ticker.tick();
    expect(s.errors).toEqual(['reading the channel is failing and being retried: UNAVAILABLE: the event log service is not running']);
    s.counters.readError = null;
    s.ticker.tick();
    expect(s.errors.at(-1)).toBe('delivery is failing and being retried: disk full');
    s.counters.lastDeliveryError = null;
    s.ticker.tick();
    expect(s.updates.at(-1)).toEqual({ state: 'ok', stateReason: '' });
  });

  it('R-MON-3, R-INS-11 a hold is the reason of an ok state, and goes away when reading goes on', () => {
    const s = subject();
    s.ticker.tick();
    s.counters.readerHold = 'paused while the installer changes Sysmon (repair)';
    s.ticker.tick();
    s.ticker.tick();
    s.counters.readerHold = null;
    s.ticker.tick();
    expect(s.updates.filter((u) => u.stateReason !== undefined)).toEqual([
      { stateReason: 'paused while the installer changes Sysmon (repair)' },
      { stateReason: '' },
    ]);
    expect(s.errors).toEqual([]);
  });

  it('BUG-14 a lost checkpoint is shown as the last error once, without changing the state', () => {
    const s = subject();
    s.counters.notices.push('Microsoft-Windows-Sysmon/Operational has no checkpoint although it was read before (...)');
    s.ticker.tick();
    s.ticker.tick();
    const shown = s.updates.filter((u) => u.lastError !== undefined);
    expect(shown).toEqual([{ lastError: expect.stringContaining('has no checkpoint'), lastErrorAtMs: 99 }]);
    expect(shown[0].state).toBeUndefined();
  });

  it('R-MON-3 the records skipped as not from the managed Sysmon are a status figure', () => {
    const s = subject();
    s.ticker.tick();
    expect(s.updates[0]).toEqual({ monitor: expect.objectContaining({ eventsOutsideManaged: 3, gaps: 1 }) });
  });
});
