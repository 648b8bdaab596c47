import { InvalidTransitionError, StatusReporter, type BackoffPolicy } from '../src';
import { ManualTimers, MemoryStatusLink } from '../src/testing';

const reconnect: BackoffPolicy = { initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2, jitter: 0 };

async function settle(): Promise<void> {
  // Link events are delivered on microtasks.
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

function setup(minIntervalMs = 200) {
  const timers = new ManualTimers();
  const link = new MemoryStatusLink();
  const linkErrors: number[] = [];
  const reporter = new StatusReporter({
    name: 'events-monitor',
    version: '1.2.3',
    pid: 4242,
    link,
    minIntervalMs,
    reconnect,
    random: () => 0,
    timers,
    onLinkError: (_error, attempt) => linkErrors.push(attempt),
  });
  return { timers, link, reporter, linkErrors };
}

describe('R-SUP-2 StatusReporter streams component status to the supervisor', () => {
  it('sends the full snapshot as soon as the supervisor accepts the stream', async () => {
    const { link, reporter } = setup();
    reporter.update({ state: 'ok', monitor: { eventsRead: 5 } });
    reporter.start();
    expect(link.streams).toHaveLength(1);
    expect(link.latest.sent).toHaveLength(0); // not connected yet
    link.latest.connect();
    await settle();
    expect(link.latest.sent).toHaveLength(1);
    expect(link.latest.sent[0]).toMatchObject({
      name: 'events-monitor',
      version: '1.2.3',
      pid: 4242,
      state: 'ok',
      monitor: { eventsRead: 5, eventsDelivered: 0, outboxBytes: 0, checkpointPosition: '' },
    });
    await reporter.close();
  });

  it('coalesces a burst of updates within minIntervalMs into one message', async () => {
    const { link, reporter, timers } = setup(200);
    reporter.start();
    link.latest.connect();
    await settle();
    for (let i = 1; i <= 100; i++) reporter.update({ monitor: { eventsRead: i } });
    expect(link.latest.sent).toHaveLength(1);
    timers.advance(199);
    expect(link.latest.sent).toHaveLength(1);
    timers.advance(1);
    expect(link.latest.sent).toHaveLength(2);
    expect(link.latest.sent[1].monitor?.eventsRead).toBe(100);
    timers.advance(10_000);
    expect(link.latest.sent).toHaveLength(2); // nothing changed, nothing sent
    await reporter.close();
  });

  it('reconnects with exponential backoff and resends the latest snapshot', async () => {
    const { link, reporter, timers, linkErrors } = setup(0);
    reporter.start();
    link.latest.fail(new Error('supervisor down'));
    await settle();
    expect(linkErrors).toEqual([1]);
    timers.advance(99);
    expect(link.streams).toHaveLength(1);
    timers.advance(1); // 100 ms: second attempt
    expect(link.streams).toHaveLength(2);
    link.latest.fail();
    await settle();
    timers.advance(199);
    expect(link.streams).toHaveLength(2);
    timers.advance(1); // 200 ms: third attempt
    expect(link.streams).toHaveLength(3);
    reporter.update({ state: 'recoverable_error', lastError: 'sink down', lastErrorAtMs: 7 });
    link.latest.connect();
    await settle();
    expect(link.latest.sent[0]).toMatchObject({ state: 'recoverable_error', lastError: 'sink down', lastErrorAtMs: 7 });
    // After a successful connection the backoff starts over.
    link.latest.fail();
    await settle();
    timers.advance(100);
    expect(link.streams).toHaveLength(4);
    await reporter.close();
  });

  it('rejects an invalid state transition and keeps the previous state', async () => {
    const { reporter } = setup();
    reporter.update({ state: 'ok' });
    expect(() => reporter.update({ state: 'stopped' })).toThrow(InvalidTransitionError);
    expect(reporter.snapshot().state).toBe('ok');
    await reporter.close();
  });

  it('recordError stores the message, the time and the error state', async () => {
    const { reporter, timers } = setup();
    reporter.update({ state: 'ok' });
    reporter.recordError(new Error('disk full'));
    expect(reporter.snapshot()).toMatchObject({ state: 'recoverable_error', lastError: 'disk full', lastErrorAtMs: timers.now() });
    reporter.recordError('no way back', 'permanent_error');
    expect(reporter.snapshot()).toMatchObject({ state: 'permanent_error', lastError: 'no way back' });
    await reporter.close();
  });

  it('close sends what is pending, stops reconnecting, disposes the link and leaves no timer', async () => {
    const { link, reporter, timers } = setup(1_000);
    reporter.start();
    link.latest.connect();
    await settle();
    reporter.update({ state: 'ok' });
    reporter.update({ state: 'stopping' });
    await reporter.close();
    expect(link.latest.sent.map((r) => r.state)).toEqual(['starting', 'stopping']);
    expect(link.latest.closed).toBe(true);
    expect(link.disposed).toBe(true);
    expect(timers.pendingCount).toBe(0);
    reporter.update({ state: 'stopped' }); // ignored after close
    expect(link.allSent()).toHaveLength(2);
  });

  it('close while waiting to reconnect cancels the retry', async () => {
    const { link, reporter, timers } = setup();
    reporter.start();
    link.latest.fail();
    await settle();
    expect(timers.pendingCount).toBe(1);
    await reporter.close();
    expect(timers.pendingCount).toBe(0);
    timers.advance(60_000);
    expect(link.streams).toHaveLength(1);
  });

  it('merges installer sections field by field', async () => {
    const { reporter } = setup();
    reporter.update({ installer: { sysmonState: 'managed', sysmonVersion: '15.15' } });
    reporter.update({ installer: { repairsTotal: 2, lastRepairs: [{ atMs: 5, action: 'reapply-config', reason: 'rules differ' }] } });
    expect(reporter.snapshot().installer).toEqual({
      sysmonState: 'managed',
      sysmonStateReason: '',
      sysmonVersion: '15.15',
      repairsTotal: 2,
      lastRepairs: [{ atMs: 5, action: 'reapply-config', reason: 'rules differ' }],
    });
    await reporter.close();
  });
});
