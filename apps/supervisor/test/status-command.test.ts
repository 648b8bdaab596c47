import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import type { AgentStatusView } from '@sysward/ipc';
import { formatBytes, formatDuration, renderStatusTable, runStatus, STATUS_EXIT } from '../../cli/src/commands/status';
import { eventually } from '../../../libs/ipc/test/support/processes';
import { SupervisorHarness } from './support/supervisor-harness';

jest.setTimeout(30_000);

function collector(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  return { out, text: () => text };
}

const NOW = 1_700_000_100_000;
const status: AgentStatusView = {
  generatedAtMs: NOW,
  supervisor: { version: '0.1.0', pid: 10, startedAtMs: NOW - 3_725_000, uptimeMs: 3_725_000 },
  health: 'not_serving',
  activeCollector: 'ui_realtime',
  activeCollectorReason: 'no Sysmon is installed',
  sysmonState: 'not_installed',
  sysmonStateReason: '',
  components: [
    {
      name: 'events-monitor',
      version: '0.1.0',
      pid: 11,
      state: 'ok',
      stateReason: '',
      processState: 'running',
      health: 'serving',
      startedAtMs: NOW - 65_000,
      uptimeMs: 65_000,
      restarts: 1,
      lastError: 'killed by SIGKILL',
      lastErrorAtMs: NOW - 70_000,
      nextRestartAtMs: 0,
      reported: true,
      monitor: {
        eventsRead: 1200,
        eventsDelivered: 1100,
        eventsDropped: 3,
        gaps: 1,
        outboxBytes: 1536,
        checkpointPosition: 'Microsoft-Windows-Sysmon/Operational#1200',
        checkpointUpdatedAtMs: NOW - 2_000,
        checkpointAgeMs: 2_000,
        deliveryLagMs: 750,
      },
    },
    {
      name: 'sysmon-installer',
      version: '',
      pid: 0,
      state: 'stopped',
      stateReason: 'crashed 5 times within 60 s',
      processState: 'degraded',
      health: 'not_serving',
      startedAtMs: 0,
      uptimeMs: 0,
      restarts: 4,
      lastError: 'exited with code 3: Error: no SCM',
      lastErrorAtMs: NOW - 5_000,
      nextRestartAtMs: 0,
      reported: false,
      installer: {
        sysmonState: 'not_installed',
        sysmonStateReason: '',
        sysmonVersion: '',
        repairsTotal: 2,
        lastRepairs: [{ atMs: NOW - 60_000, action: 'reinstall', reason: 'driver hash changed' }],
      },
    },
    {
      name: 'ui-realtime',
      version: '0.1.0',
      pid: 0,
      state: 'stopped',
      stateReason: '',
      processState: 'backoff',
      health: 'not_serving',
      startedAtMs: 0,
      uptimeMs: 0,
      restarts: 0,
      lastError: 'killed by SIGSEGV',
      lastErrorAtMs: NOW - 100,
      nextRestartAtMs: NOW + 400,
      reported: false,
    },
  ],
};

describe('R-SUP-3 sysward status for a person: tables', () => {
  it('renders supervisor, collector, components, monitor counters and installer state', () => {
    expect(renderStatusTable(status).split('\n')).toEqual([
      'Sysward supervisor 0.1.0  pid 10  up 1h 2m  health: NOT SERVING',
      'Active collector: ui-realtime (no Sysmon is installed)',
      'Sysmon: not installed',
      '',
      'COMPONENT         VERSION  PID  STATE                                  HEALTH       UPTIME  RESTARTS  LAST ERROR',
      'events-monitor    0.1.0    11   ok                                     serving      1m 5s   1         1m 10s ago: killed by SIGKILL',
      'sysmon-installer  -        -    DEGRADED: crashed 5 times within 60 s  NOT SERVING  -       4         5s ago: exited with code 3: Error: no SCM',
      'ui-realtime       0.1.0    -    restarting in 400ms                    NOT SERVING  -       0         100ms ago: killed by SIGSEGV',
      '',
      'EVENTS          READ  DELIVERED  DROPPED  GAPS  NOT MANAGED  OUTBOX   CHECKPOINT                                 CHECKPOINT AGE  DELIVERY LAG',
      'events-monitor  1200  1100       3        1     0            1.5 KiB  Microsoft-Windows-Sysmon/Operational#1200  2s              750ms',
      '',
      'INSTALLER         SYSMON         VERSION  REPAIRS  LAST REPAIR',
      'sysmon-installer  not installed  -        2        1m 0s ago: reinstall (driver hash changed)',
      '',
    ]);
  });

  it("shortens a recording's 64-digit identity in the checkpoint column (the JSON keeps it whole)", () => {
    const id = '99619658912d18d83aff76975f21727bd4267ee88ccf61e848e610bf36f9bcf9';
    const monitorComponent = status.components[0];
    const recording: AgentStatusView = {
      ...status,
      components: [{ ...monitorComponent, monitor: { ...monitorComponent.monitor!, checkpointPosition: `recording:${id}@1730` } }],
    };
    const table = renderStatusTable(recording);
    expect(table).toContain('recording:99619658912d…@1730');
    expect(table).not.toContain(id);
  });

  it.each([
    [0, '0ms'],
    [999, '999ms'],
    [1_000, '1s'],
    [59_999, '59s'],
    [61_000, '1m 1s'],
    [3_600_000, '1h 0m'],
    [90_061_000, '1d 1h'],
    [-5, '-'],
    [Number.NaN, '-'],
  ])('formatDuration(%d) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [450 * 1024 * 1024, '450.0 MiB'],
    [3 * 1024 ** 4, '3.0 TiB'],
  ])('formatBytes(%d) = %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('R-SUP-3 sysward status against a running supervisor', () => {
  let harness: SupervisorHarness;
  beforeAll(async () => {
    harness = await SupervisorHarness.start([{ name: 'events-monitor', args: ['--monitor'] }, { name: 'crasher', args: ['--crash-at-start', '2'] }]);
    await harness.waitForComponent('crasher', (c) => c.processState === 'degraded', 'degraded');
    await harness.waitForComponent('events-monitor', (c) => c.state === 'ok', 'ok');
  });
  afterAll(async () => harness.dispose());

  it('prints the table and exits 1 while a component is degraded', async () => {
    const { out, text } = collector();
    expect(await runStatus({ home: harness.home, json: false, watch: false }, out)).toBe(STATUS_EXIT.UNHEALTHY);
    expect(text()).toMatch(/^events-monitor +9\.9\.9-fixture +\d+ +ok +serving/m);
    expect(text()).toMatch(/^crasher .*DEGRADED: crashed 3 times within 60 s/m);
    expect(text()).toMatch(/^events-monitor +1200 +1100 +3 +1 +0 +64\.0 KiB +Microsoft-Windows-Sysmon\/Operational#1200/m);
  });

  it('--json prints the whole status for a program', async () => {
    const { out, text } = collector();
    await runStatus({ home: harness.home, json: true, watch: false }, out);
    const parsed = JSON.parse(text()) as AgentStatusView;
    expect(parsed.components.map((c) => c.name)).toEqual(['events-monitor', 'crasher']);
    expect(parsed.components[0].monitor).toMatchObject({ eventsRead: 1200, outboxBytes: 65536 });
    expect(parsed).toMatchObject({ health: 'not_serving', activeCollector: 'none', supervisor: { pid: harness.pid } });
  });

  it('--watch follows WatchStatus until stopped', async () => {
    const { out, text } = collector();
    const controller = new AbortController();
    const running = runStatus({ home: harness.home, json: true, watch: true }, out, { signal: controller.signal });
    await eventually(() => (text().split('\n').filter(Boolean).length >= 1 ? true : undefined), 'the first status line');
    const pid = harness.component(await harness.status(), 'events-monitor').pid;
    process.kill(pid, 'SIGKILL');
    await eventually(
      () => (text().split('\n').filter(Boolean).some((line) => (JSON.parse(line) as AgentStatusView).components[0].restarts === 1) ? true : undefined),
      'a status line showing the restart',
    );
    controller.abort();
    expect(await running).toBe(STATUS_EXIT.UNHEALTHY);
  });
});

describe('R-SUP-3 sysward status with the supervisor down', () => {
  it('says so, naming the socket, and exits 3', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-nosup-'));
    try {
      const { out, text } = collector();
      expect(await runStatus({ home, json: false, watch: false }, out)).toBe(STATUS_EXIT.NOT_RUNNING);
      expect(text()).toContain(`sysward status: the supervisor is not running: nothing answers on unix:${home}/run/supervisor.sock`);
      const watching = collector();
      expect(await runStatus({ home, json: false, watch: true }, watching.out)).toBe(STATUS_EXIT.NOT_RUNNING);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
