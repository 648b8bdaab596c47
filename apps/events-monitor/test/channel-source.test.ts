/**
 * The live Sysmon channel read through the real simulated host
 * (libs/platform-sim) in-process: R-MON-1 (in order, resume after the last
 * durable record), R-MON-2 / BUG-15 (wrap, clear, stale handle), BUG-14 (the
 * checkpoint key is the channel, case-insensitively) and R-MON-3 (managed-mode
 * acceptance), all through ChannelSource -> runIngest -> the outbox.
 */
import { GapCause } from '@sysward/event-schema';
import { MemoryMonitorStore } from '@sysward/state-store/testing';
import {
  CHANNEL,
  channelRecords,
  eventually,
  fillChannel,
  installSysmon,
  outbox,
  Pipeline,
  range,
  recordProcessStarts,
  simWithSysmon,
  wrapTo,
  type SimSysmon,
} from './support/sim-channel';

let sim: SimSysmon;
let running: Pipeline[] = [];
beforeEach(async () => {
  sim = await simWithSysmon();
});
afterEach(async () => {
  for (const p of running.splice(0)) await p.close();
  sim.dispose();
});

function pipeline(store: MemoryMonitorStore, options: ConstructorParameters<typeof Pipeline>[2] = {}): Pipeline {
  const p = new Pipeline(sim.host, store, options).start();
  running.push(p);
  return p;
}

async function stop(p: Pipeline): Promise<void> {
  running = running.filter((q) => q !== p);
  await p.close();
}

/** Record ids of the forwarded Sysmon ids in the channel right now. */
async function forwardedIds(): Promise<number[]> {
  return (await channelRecords(sim.host)).filter((r) => [1, 3, 8, 10, 13, 25].includes(r.eventId)).map((r) => r.recordId);
}

async function logIdentity(): Promise<string> {
  return (await sim.host.ports.channels.info(CHANNEL)).logIdentity;
}

describe('R-MON-1 records flow in order and resume after the last durable record', () => {
  it('activities recorded on the host arrive in the outbox in record-id order, with the bookmark kept in the checkpoint', async () => {
    const store = new MemoryMonitorStore();
    recordProcessStarts(sim.host, 40);
    const p = pipeline(store);
    const expected = await forwardedIds();
    expect(expected).toHaveLength(40);
    await eventually(() => outbox(store).events.length === 40, 10_000, '40 events');
    expect(outbox(store).events.map((e) => e.recordId)).toEqual(expected);
    recordProcessStarts(sim.host, 5, 'later');
    await eventually(() => outbox(store).events.length === 45, 10_000, 'records written while subscribed');
    const checkpoint = store.getCheckpoint(CHANNEL)!;
    expect(checkpoint.recordId).toBe(Math.max(...(await channelRecords(sim.host)).map((r) => r.recordId)));
    expect(checkpoint.bookmark).toContain(`RecordId='${checkpoint.recordId}'`);
    // Sysmon's own 4 and 16 of the install are health, counted, never forwarded (R-INS-11).
    expect(p.counters.healthById.get(4)).toBe(1);
    expect(outbox(store).gaps).toEqual([]);
  });

  it('a restart resumes right after the last committed batch: no loss, no duplicate', async () => {
    const store = new MemoryMonitorStore();
    recordProcessStarts(sim.host, 300);
    // Stopped from inside the sixth commit: in-process reading is faster than any poll.
    let commits = 0;
    const first = new Pipeline(sim.host, store, { batchSize: 10 });
    first.start(() => {
      if (++commits === 6) void first.close();
    });
    await eventually(() => commits >= 6, 10_000, 'six batches');
    await first.close();
    const committed = store.getCheckpoint(CHANNEL)!.recordId;
    expect(committed).toBeLessThan(Math.max(...(await forwardedIds())));
    const second = pipeline(store, { batchSize: 10 });
    await eventually(() => outbox(store).events.length >= 300, 10_000, 'the rest');
    const ids = outbox(store).events.map((e) => e.recordId);
    expect(ids).toEqual(await forwardedIds());
    expect(second.counters.duplicates).toBe(0);
    expect(second.log.lines).toContainEqual(expect.objectContaining({ msg: 'reading the channel', obj: expect.objectContaining({ plan: 'resume', after: committed }) }));
  });

  it('before Sysmon is installed the channel does not exist: a visible wait, not an error; records flow once it is installed', async () => {
    sim.dispose();
    sim = await simWithSysmon({ install: false });
    const store = new MemoryMonitorStore();
    const p = pipeline(store);
    await eventually(() => p.counters.readerHold !== null, 5_000, 'the wait');
    expect(p.counters.readerHold).toMatch(/does not exist \(yet\)/);
    expect(p.counters.readError).toBeNull();
    await installSysmon(sim.host);
    recordProcessStarts(sim.host, 3);
    await eventually(() => outbox(store).events.length === 3, 10_000, 'the first records');
    expect(p.counters.readerHold).toBeNull();
  });

  it('BUG-14 a checkpoint saved under another spelling of the channel is found (keys are case-insensitive)', async () => {
    const store = new MemoryMonitorStore();
    recordProcessStarts(sim.host, 10);
    const ids = await forwardedIds();
    store.saveCheckpoint({ source: CHANNEL.toLowerCase(), logInstanceId: await logIdentity(), recordId: ids[4], bookmark: null, updatedAtMs: 1 });
    pipeline(store);
    await eventually(() => outbox(store).events.length === 5, 10_000, 'the five after the checkpoint');
    expect(outbox(store).events.map((e) => e.recordId)).toEqual(ids.slice(5));
  });
});

describe('R-MON-2 / BUG-15 gaps are data, and reading continues', () => {
  it('BUG-15 (b) checkpoint 5000, the log wrapped to 6000: a WRAP gap 5001..5999 first, then 6000.. with nothing else lost', async () => {
    sim.host.setChannelMaxSize(CHANNEL, 256 * 1024 * 1024);
    fillChannel(sim.host, 7000 - (await channelRecords(sim.host)).length);
    const store = new MemoryMonitorStore();
    const log = await logIdentity();
    store.saveCheckpoint({ source: CHANNEL, logInstanceId: log, recordId: 5000, bookmark: null, updatedAtMs: 1 });
    wrapTo(sim.host, 6000);
    const p = pipeline(store, { batchSize: 500 });
    await eventually(() => outbox(store).events.length === 1001, 20_000, 'records 6000..7000');
    const view = outbox(store);
    expect(view.order[0]).toBe('g');
    expect(view.gaps).toEqual([{ cause: GapCause.GAP_CAUSE_WRAP, logInstanceId: log, first: 5001, last: 5999, detail: expect.stringContaining('5001..5999') }]);
    expect(view.events.map((e) => e.recordId)).toEqual(range(6000, 7000));
    expect(p.counters.gaps).toBe(1);
    // The gap moved the checkpoint: a restart does not report the same loss again.
    await stop(p);
    const again = pipeline(store);
    recordProcessStarts(sim.host, 1);
    await eventually(() => outbox(store).events.length === 1002, 10_000, 'one more');
    expect(outbox(store).gaps).toHaveLength(1);
    expect(again.counters.gaps).toBe(0);
  }, 30_000);

  it('a wrap while reading (records overwritten between two reads) becomes a WRAP gap for exactly the missing ids', async () => {
    sim.host.setChannelMaxSize(CHANNEL, 256 * 1024);
    recordProcessStarts(sim.host, 20);
    const store = new MemoryMonitorStore();
    const p = pipeline(store);
    await eventually(() => outbox(store).events.length === 20, 10_000, 'the first 20');
    const lastRead = store.getCheckpoint(CHANNEL)!.recordId;
    await p.source.pause('test: stop reading', null);
    fillChannel(sim.host, 400); // far more than 256 KiB: the oldest unread records are overwritten
    const oldest = (await sim.host.ports.channels.info(CHANNEL)).oldestRecordId!;
    expect(oldest).toBeGreaterThan(lastRead + 1);
    p.source.resume();
    const newest = (await sim.host.ports.channels.info(CHANNEL)).newestRecordId!;
    await eventually(() => store.getCheckpoint(CHANNEL)!.recordId === newest, 10_000, 'caught up');
    expect(outbox(store).gaps).toEqual([expect.objectContaining({ cause: GapCause.GAP_CAUSE_WRAP, first: lastRead + 1, last: oldest - 1 })]);
    expect(outbox(store).events.map((e) => e.recordId).slice(20)).toEqual(range(oldest, newest));
  });

  it.each([
    ['restart', 'restart', 1],
    ['continue', 'continue', 5001],
  ] as const)('BUG-15 (a) cleared, numbering %s: a CLEAR gap for the old log and all 200 new records', async (_name, numbering, firstNewId) => {
    fillChannel(sim.host, 5000 - (await channelRecords(sim.host)).length);
    const oldLog = await logIdentity();
    const store = new MemoryMonitorStore();
    store.saveCheckpoint({ source: CHANNEL, logInstanceId: oldLog, recordId: 5000, bookmark: null, updatedAtMs: 1 });
    sim.host.clearChannel(CHANNEL, { numbering });
    fillChannel(sim.host, 200);
    const newLog = await logIdentity();
    expect(newLog).not.toBe(oldLog);
    const p = pipeline(store);
    await eventually(() => outbox(store).events.length === 200, 10_000, 'the 200 new records');
    const view = outbox(store);
    expect(view.order[0]).toBe('g');
    expect(view.gaps).toEqual([{ cause: GapCause.GAP_CAUSE_CLEAR, logInstanceId: oldLog, first: 5001, last: null, detail: expect.stringContaining('was cleared') }]);
    expect(view.events.map((e) => e.recordId)).toEqual(range(firstNewId, firstNewId + 199));
    expect(new Set(view.events.map((e) => e.logInstanceId))).toEqual(new Set([newLog]));
    expect(p.counters.gaps).toBe(1);
  });

  it('a clear under a running subscription: the stale handle reopens into the new log with a CLEAR marker; nothing new is lost', async () => {
    recordProcessStarts(sim.host, 10);
    const store = new MemoryMonitorStore();
    const p = pipeline(store);
    await eventually(() => outbox(store).events.length === 10, 10_000, 'the first 10');
    sim.host.clearChannel(CHANNEL);
    recordProcessStarts(sim.host, 15, 'after clear');
    await eventually(() => outbox(store).events.length === 25, 10_000, 'the 15 after the clear');
    expect(outbox(store).gaps).toEqual([expect.objectContaining({ cause: GapCause.GAP_CAUSE_CLEAR })]);
    expect(outbox(store).events.slice(10).map((e) => e.recordId)).toEqual(range(1, 15));
    expect(p.counters.readError).toBeNull();
  });

  it('BUG-15 (c) a stale handle once: reopened from the last committed bookmark, no process restart, no duplicate, no status error', async () => {
    recordProcessStarts(sim.host, 30);
    const store = new MemoryMonitorStore();
    const p = pipeline(store, { batchSize: 10 });
    await eventually(() => outbox(store).events.length >= 10, 10_000, 'the first batch');
    sim.host.injectFault('channel.read', 'STALE_HANDLE', 1);
    recordProcessStarts(sim.host, 30, 'more');
    await eventually(() => outbox(store).events.length >= 60, 10_000, 'all 60');
    expect(outbox(store).events.map((e) => e.recordId)).toEqual(await forwardedIds());
    expect(p.counters.duplicates).toBe(0);
    expect(p.counters.readError).toBeNull();
    expect(p.log.lines.filter((l) => l.msg.startsWith('reading the channel failed'))).toHaveLength(1);
  });

  it('a failure that persists is shown in status (readError) while retries back off, and clears once reading works', async () => {
    recordProcessStarts(sim.host, 5);
    const store = new MemoryMonitorStore();
    sim.host.injectFault('channel.read', 'UNAVAILABLE', 4);
    const p = pipeline(store);
    const seen: (string | null)[] = [];
    await eventually(() => (seen.push(p.counters.readError), outbox(store).events.length === 5), 10_000, 'the records after the outage');
    expect(seen.some((e) => e !== null && /UNAVAILABLE/.test(e))).toBe(true);
    expect(p.counters.readError).toBeNull();
    expect(p.log.lines.map((l) => l.msg)).toContain('reading the channel works again');
  });
});

describe('R-MON-3 managed mode: only the managed Sysmon, after our own install\'s event 4', () => {
  async function event4Started(): Promise<number> {
    return (await channelRecords(sim.host)).find((r) => r.eventId === 4 && r.xml.includes('Started'))!.recordId;
  }

  it('holds without a word from the installer, then accepts only records after event 4 while MANAGED, and skips (counting) after it is not', async () => {
    const store = new MemoryMonitorStore();
    const since = await event4Started();
    recordProcessStarts(sim.host, 5, 'ours');
    const p = pipeline(store, { mode: 'managed' });
    await eventually(() => p.counters.readerHold !== null, 5_000, 'the hold');
    expect(p.counters.readerHold).toMatch(/waiting for the sysmon installer/);
    expect(store.getCheckpoint(CHANNEL)).toBeNull();

    await p.coordinator.setSysmonState({ state: 'managed', managedSinceRecordId: since, logInstanceId: '', reason: 'installed' });
    await eventually(() => outbox(store).events.length === 5, 10_000, 'our 5');
    expect(p.counters.readerHold).toBeNull();
    // The install's own 4 (and anything up to it) is before the install.
    expect(p.counters.outsideManagedByReason.get('before-install')).toBe(since);

    await p.coordinator.setSysmonState({ state: 'foreign_sysmon', managedSinceRecordId: 0, logInstanceId: '', reason: 'replaced' });
    recordProcessStarts(sim.host, 7, 'not ours');
    const newest = (await sim.host.ports.channels.info(CHANNEL)).newestRecordId!;
    await eventually(() => store.getCheckpoint(CHANNEL)!.recordId === newest, 10_000, 'the skipped records checkpointed');
    expect(outbox(store).events).toHaveLength(5);
    expect(p.counters.outsideManagedByReason.get('not-managed')).toBe(7);
    expect(p.counters.outsideManaged).toBe(since + 7);
  });

  it('records up to the installer\'s event 4 are skipped; a restarted monitor keeps the installer\'s word and goes on at once', async () => {
    const earlier = (await channelRecords(sim.host)).length;
    fillChannel(sim.host, 3); // Sysmon records before the (re)install whose event 4 the installer names next
    const store = new MemoryMonitorStore();
    const first = pipeline(store, { mode: 'managed' });
    await first.coordinator.setSysmonState({ state: 'managed', managedSinceRecordId: earlier + 3, logInstanceId: await logIdentity(), reason: 'reinstalled' });
    recordProcessStarts(sim.host, 4, 'ours');
    await eventually(() => outbox(store).events.length === 4, 10_000, 'our 4');
    expect(first.counters.outsideManagedByReason.get('before-install')).toBe(earlier + 3);
    await stop(first);
    recordProcessStarts(sim.host, 2, 'while down');
    const second = pipeline(store, { mode: 'managed' });
    await eventually(() => outbox(store).events.length === 6, 10_000, 'the 2 written while down');
    expect(second.counters.readerHold).toBeNull();
  });

  it('a clear while MANAGED: the new log is all ours', async () => {
    const store = new MemoryMonitorStore();
    const p = pipeline(store, { mode: 'managed' });
    await p.coordinator.setSysmonState({ state: 'managed', managedSinceRecordId: await event4Started(), logInstanceId: '', reason: 'installed' });
    recordProcessStarts(sim.host, 3);
    await eventually(() => outbox(store).events.length === 3, 10_000, 'the first 3');
    sim.host.clearChannel(CHANNEL);
    recordProcessStarts(sim.host, 4, 'after clear');
    await eventually(() => outbox(store).events.length === 7, 10_000, 'the 4 in the new log');
    expect(p.gate.current()).toMatchObject({ logInstanceId: await logIdentity(), managedSinceRecordId: 0 });
  });
});

describe('R-INS-11 the installer brackets a Sysmon change: prepare, change, done', () => {
  it('prepare reads and commits what the channel holds, then pauses; done re-subscribes, says the channel continued, and reading goes on', async () => {
    const store = new MemoryMonitorStore();
    recordProcessStarts(sim.host, 25);
    const p = pipeline(store, { batchSize: 5 });
    const newest = (await sim.host.ports.channels.info(CHANNEL)).newestRecordId!;
    const prepared = await p.coordinator.prepareForSysmonChange('repair');
    expect(prepared).toEqual({ checkpoint: { channel: CHANNEL, logInstanceId: await logIdentity(), recordId: newest }, caughtUp: true });
    expect(outbox(store).events).toHaveLength(25);
    recordProcessStarts(sim.host, 3, 'during the change');
    await new Promise((r) => setTimeout(r, 200));
    expect(outbox(store).events).toHaveLength(25);
    expect(p.counters.readerHold).toMatch(/paused while the installer changes Sysmon \(repair\)/);

    const done = await p.coordinator.sysmonChangeDone('repair');
    expect(done).toEqual({ continuity: 'continued', resumedAfter: { channel: CHANNEL, logInstanceId: await logIdentity(), recordId: newest }, gap: null });
    await eventually(() => outbox(store).events.length === 28, 10_000, 'the 3 written during the change');
    expect(p.counters.readerHold).toBeNull();
  });

  it('a clear during the change: done reports it and the CLEAR gap is already in the outbox', async () => {
    const store = new MemoryMonitorStore();
    recordProcessStarts(sim.host, 5);
    const p = pipeline(store);
    const prepared = await p.coordinator.prepareForSysmonChange('upgrade');
    sim.host.clearChannel(CHANNEL);
    recordProcessStarts(sim.host, 2, 'new log');
    const done = await p.coordinator.sysmonChangeDone('upgrade');
    expect(done).toMatchObject({ continuity: 'cleared', gap: { firstRecordId: prepared.checkpoint!.recordId + 1, lastRecordId: null } });
    await eventually(() => outbox(store).events.length === 7, 10_000, 'the new log');
    expect(outbox(store).gaps).toHaveLength(1);
  });

  it('a pause the installer never ends is ended by the monitor after its limit', async () => {
    const store = new MemoryMonitorStore();
    const p = pipeline(store, { limits: { prepareTimeoutMs: 2_000, doneTimeoutMs: 2_000, pauseLimitMs: 150 } });
    await p.coordinator.prepareForSysmonChange('install');
    recordProcessStarts(sim.host, 3);
    await eventually(() => outbox(store).events.length === 3, 10_000, 'reading again after the limit');
    expect(p.log.lines.map((l) => l.msg)).toContain('the installer did not end its Sysmon change in time: reading again');
  });
});
