/**
 * BUG-14 through the composed monitor (EventsMonitor, real SQLite store, the
 * sim's channel): the store is opened with the channel as its canonical
 * source, and a channel whose checkpoint went missing is announced before
 * anything is read, in the log and in status.
 */
import * as path from 'node:path';
import { openMonitorStore } from '@sysward/state-store';
import { defaultMonitorConfig } from '../src/config';
import { EventsMonitor } from '../src/monitor';
import { readDeliveredEvents } from './support/read-delivered';
import { CHANNEL, eventually, quietLog, recordProcessStarts, simWithSysmon, type SimSysmon } from './support/sim-channel';

let sim: SimSysmon;
beforeEach(async () => {
  sim = await simWithSysmon();
});
afterEach(() => sim.dispose());

function monitorOn(log = quietLog()): { monitor: EventsMonitor; log: ReturnType<typeof quietLog> } {
  const config = defaultMonitorConfig(sim.home, { channel: CHANNEL, sim: true, acceptance: 'self-managed', outDir: path.join(sim.home, 'out') });
  const platform = { channels: sim.host.ports.channels, os: sim.host.ports.os, description: 'sim', close: () => undefined };
  return { monitor: new EventsMonitor(config, log, { platform }), log };
}

it('BUG-14 a checkpoint only under another channel name: warned before reading, shown in status, and the channel is read from its oldest record', async () => {
  const stateFile = defaultMonitorConfig(sim.home, {}).stateFile;
  const old = openMonitorStore(stateFile);
  old.saveCheckpoint({ source: 'Microsoft-Windows-Sysmon/Operationl', logInstanceId: 'x', recordId: 9, bookmark: null, updatedAtMs: 1 });
  old.close();
  recordProcessStarts(sim.host, 4);

  const { monitor, log } = monitorOn();
  const stop = new AbortController();
  const run = monitor.run(stop.signal, { untilDrained: false });
  try {
    await eventually(() => readDeliveredEvents(path.join(sim.home, 'out')).length === 4, 10_000, 'the 4 records');
  } finally {
    stop.abort();
    await run;
    await monitor.close();
  }
  const warning = log.lines.find((l) => l.level === 'warn' && l.msg.includes('has no checkpoint although it was read before'));
  expect(warning?.msg).toContain('Microsoft-Windows-Sysmon/Operationl');
  expect(log.lines.indexOf(warning!)).toBeLessThan(log.lines.findIndex((l) => l.msg === 'reading the channel'));
  expect(monitor.counters.notices).toHaveLength(1);
  expect(log.lines).toContainEqual(expect.objectContaining({ msg: 'checkpoint rows that match no known source' }));
});

it('a first start on a new store reads the channel without a warning, and the status carries the channel position', async () => {
  recordProcessStarts(sim.host, 2);
  const { monitor, log } = monitorOn();
  const stop = new AbortController();
  const run = monitor.run(stop.signal, { untilDrained: false });
  try {
    await eventually(() => readDeliveredEvents(path.join(sim.home, 'out')).length === 2, 10_000, 'the 2 records');
    await eventually(() => monitor.statusFigures(Date.now()).checkpointPosition.startsWith(`${CHANNEL}@`), 5_000, 'the checkpoint');
    expect(monitor.statusFigures(Date.now())).toMatchObject({ gaps: 0, eventsOutsideManaged: 0 });
  } finally {
    stop.abort();
    await run;
    await monitor.close();
  }
  expect(log.lines.filter((l) => l.level === 'warn')).toEqual([]);
});
