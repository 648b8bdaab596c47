import type { ComponentReport } from '@sysward/agent-runtime';
import {
  agentStatusFromWire,
  agentStatusToWire,
  controlMessages,
  reportFromWire,
  reportToWire,
  type AgentStatusView,
} from '../src';

const report: ComponentReport = {
  name: 'events-monitor',
  version: '0.1.0',
  pid: 1234,
  state: 'recoverable_error',
  stateReason: 'sink down',
  lastError: 'connect ECONNREFUSED',
  lastErrorAtMs: 1_700_000_000_123,
  monitor: {
    eventsRead: 2 ** 40, // beyond 32 bits: int64 on the wire
    eventsDelivered: 10,
    eventsDropped: 1,
    gaps: 2,
    outboxBytes: 450 * 1024 * 1024,
    checkpointPosition: 'Microsoft-Windows-Sysmon/Operational#98765',
    checkpointUpdatedAtMs: 1_700_000_000_000,
    deliveryLagMs: 1500,
    eventsOutsideManaged: 7,
  },
};

const status: AgentStatusView = {
  generatedAtMs: 1_700_000_001_000,
  supervisor: { version: '0.1.0', pid: 1, startedAtMs: 1_700_000_000_000, uptimeMs: 1000 },
  health: 'not_serving',
  activeCollector: 'ui_realtime',
  activeCollectorReason: 'a Sysmon not installed by Sysward is present',
  sysmonState: 'foreign_sysmon',
  sysmonStateReason: 'inbox Sysmon (Windows optional feature)',
  components: [
    {
      name: 'sysmon-installer',
      version: '0.1.0',
      pid: 77,
      state: 'ok',
      stateReason: '',
      processState: 'running',
      health: 'serving',
      startedAtMs: 1_700_000_000_100,
      uptimeMs: 900,
      restarts: 3,
      lastError: '',
      lastErrorAtMs: 0,
      nextRestartAtMs: 0,
      reported: true,
      installer: {
        sysmonState: 'foreign_sysmon',
        sysmonStateReason: 'inbox Sysmon (Windows optional feature)',
        sysmonVersion: '15.15',
        repairsTotal: 1,
        lastRepairs: [{ atMs: 5, action: 'reapply-config', reason: 'rules differ' }],
      },
    },
    {
      name: 'events-monitor',
      version: '',
      pid: 0,
      state: 'stopped',
      stateReason: 'crashed 5 times within 60 s',
      processState: 'degraded',
      health: 'not_serving',
      startedAtMs: 0,
      uptimeMs: 0,
      restarts: 4,
      lastError: 'exited with code 1: Error: boom',
      lastErrorAtMs: 9,
      nextRestartAtMs: 0,
      reported: false,
      monitor: { ...report.monitor!, checkpointAgeMs: 1000 },
    },
  ],
};

function throughBytes<T>(codec: { encode(m: T): { finish(): Uint8Array }; decode(b: Uint8Array): T }, message: T): T {
  return codec.decode(codec.encode(message).finish());
}

describe('R-SUP-2 status on the wire (control.proto) round-trips every field', () => {
  it('ComponentReport', () => {
    expect(reportFromWire(throughBytes(controlMessages.ComponentReport, reportToWire(report)))).toEqual(report);
  });

  it('a report without monitor or installer sections stays without them', () => {
    const bare: ComponentReport = { ...report, monitor: undefined };
    delete bare.monitor;
    expect(reportFromWire(throughBytes(controlMessages.ComponentReport, reportToWire(bare)))).toEqual(bare);
  });

  it('AgentStatus', () => {
    expect(agentStatusFromWire(throughBytes(controlMessages.AgentStatus, agentStatusToWire(status)))).toEqual(status);
  });

  it("a Sysmon state nobody reported yet is 'unknown' (UNSPECIFIED on the wire)", () => {
    const unknown = { ...status, sysmonState: 'unknown' as const, sysmonStateReason: '' };
    expect(agentStatusFromWire(agentStatusToWire(unknown)).sysmonState).toBe('unknown');
  });

  it.each([
    [{ ...reportToWire(report), name: '' }, 'ComponentReport.name is empty'],
    [{ ...reportToWire(report), state: 0 }, 'ComponentReport.state: 0 is not a known component state'],
    [{ ...reportToWire(report), state: 42 }, 'ComponentReport.state: 42 is not a known component state'],
  ])('a bad report is rejected with the field named: %s', (wire, message) => {
    expect(() => reportFromWire(wire)).toThrow(message);
  });

  it('a bad enum in a served status names the component index', () => {
    const wire = agentStatusToWire(status);
    wire.components![1] = { ...wire.components![1], processState: 99 };
    expect(() => agentStatusFromWire(wire)).toThrow('AgentStatus.components[1].processState: 99 is not a known process state');
  });
});
