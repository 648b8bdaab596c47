import Long from 'long';
import {
  COMPONENT_STATES,
  SYSMON_STATES,
  type ComponentReport,
  type ComponentState,
  type InstallerStatus,
  type MonitorStatus,
  type SysmonState,
} from '@sysward/agent-runtime';
import { control, type pb } from './proto';
import {
  COLLECTORS,
  HEALTH_STATES,
  PROCESS_STATES,
  type AgentStatusView,
  type Collector,
  type ComponentStatusView,
  type HealthState,
  type MonitorStatusView,
  type ProcessState,
} from './status-view';

/**
 * Conversions between the plain status types and control.proto messages.
 * Enum values map by name: `ok` <-> COMPONENT_STATE_OK.
 */

type Int64 = number | Long | null | undefined;

export function int64ToNumber(value: Int64): number {
  if (value === null || value === undefined) return 0;
  return Long.isLong(value) ? (value as Long).toNumber() : (value as number);
}

/** The generated types ask for Long in 64-bit fields (codegen runs with --force-long). */
function int64(value: number): Long {
  return Long.fromNumber(value);
}

function uint64(value: number): Long {
  return Long.fromNumber(Math.max(0, value), true);
}

class EnumCodec<T extends string> {
  constructor(
    private readonly what: string,
    private readonly wire: Readonly<Record<string, number | string>>,
    private readonly prefix: string,
    private readonly values: readonly T[],
  ) {}

  toWire(value: T): number {
    const number = this.wire[this.prefix + value.toUpperCase()];
    if (typeof number !== 'number') throw new Error(`${this.what}: no wire value for ${JSON.stringify(value)}`);
    return number;
  }

  fromWire(number: number | null | undefined, field: string): T {
    // Own keys of a protobufjs enum are its names; the numbers map back through the prototype.
    const name = Object.keys(this.wire).find((key) => this.wire[key] === number);
    const value = name?.startsWith(this.prefix) ? name.slice(this.prefix.length).toLowerCase() : undefined;
    if (value === undefined || !(this.values as readonly string[]).includes(value)) {
      throw new Error(`${field}: ${number ?? 'missing'} is not a known ${this.what}`);
    }
    return value as T;
  }
}

const componentStates = new EnumCodec<ComponentState>('component state', control.ComponentState, 'COMPONENT_STATE_', COMPONENT_STATES);
const processStates = new EnumCodec<ProcessState>('process state', control.ProcessState, 'PROCESS_STATE_', PROCESS_STATES);
const healthStates = new EnumCodec<HealthState>('health state', control.HealthState, 'HEALTH_STATE_', HEALTH_STATES);
const collectors = new EnumCodec<Collector>('collector', control.Collector, 'COLLECTOR_', COLLECTORS);
// 'unknown' is the proto's UNSPECIFIED: the installer has not said anything yet.
const sysmonStates = new EnumCodec<Exclude<SysmonState, 'unknown'>>(
  'sysmon state',
  control.SysmonState,
  'SYSMON_STATE_',
  SYSMON_STATES.filter((s): s is Exclude<SysmonState, 'unknown'> => s !== 'unknown'),
);

export function sysmonStateToWire(state: SysmonState): number {
  return state === 'unknown' ? control.SysmonState.SYSMON_STATE_UNSPECIFIED : sysmonStates.toWire(state);
}

export function sysmonStateFromWire(value: number | null | undefined, field: string): SysmonState {
  return !value ? 'unknown' : sysmonStates.fromWire(value, field);
}

function monitorToWire(monitor: MonitorStatus, checkpointAgeMs = 0): pb.IMonitorStatus {
  return {
    eventsRead: uint64(monitor.eventsRead),
    eventsDelivered: uint64(monitor.eventsDelivered),
    eventsDropped: uint64(monitor.eventsDropped),
    gaps: uint64(monitor.gaps),
    outboxBytes: uint64(monitor.outboxBytes),
    checkpointPosition: monitor.checkpointPosition,
    checkpointUpdatedAtMs: int64(monitor.checkpointUpdatedAtMs),
    checkpointAgeMs: int64(checkpointAgeMs),
    deliveryLagMs: int64(monitor.deliveryLagMs),
    eventsOutsideManaged: uint64(monitor.eventsOutsideManaged ?? 0),
  };
}

function monitorFromWire(monitor: pb.IMonitorStatus): MonitorStatusView {
  return {
    eventsRead: int64ToNumber(monitor.eventsRead),
    eventsDelivered: int64ToNumber(monitor.eventsDelivered),
    eventsDropped: int64ToNumber(monitor.eventsDropped),
    gaps: int64ToNumber(monitor.gaps),
    outboxBytes: int64ToNumber(monitor.outboxBytes),
    checkpointPosition: monitor.checkpointPosition ?? '',
    checkpointUpdatedAtMs: int64ToNumber(monitor.checkpointUpdatedAtMs),
    checkpointAgeMs: int64ToNumber(monitor.checkpointAgeMs),
    deliveryLagMs: int64ToNumber(monitor.deliveryLagMs),
    eventsOutsideManaged: int64ToNumber(monitor.eventsOutsideManaged),
  };
}

function installerToWire(installer: InstallerStatus): pb.IInstallerStatus {
  return {
    sysmonState: sysmonStateToWire(installer.sysmonState),
    sysmonStateReason: installer.sysmonStateReason,
    sysmonVersion: installer.sysmonVersion,
    repairsTotal: installer.repairsTotal,
    lastRepairs: installer.lastRepairs.map((r) => ({ atMs: int64(r.atMs), action: r.action, reason: r.reason })),
  };
}

function installerFromWire(installer: pb.IInstallerStatus, field: string): InstallerStatus {
  return {
    sysmonState: sysmonStateFromWire(installer.sysmonState, `${field}.sysmonState`),
    sysmonStateReason: installer.sysmonStateReason ?? '',
    sysmonVersion: installer.sysmonVersion ?? '',
    repairsTotal: installer.repairsTotal ?? 0,
    lastRepairs: (installer.lastRepairs ?? []).map((r) => ({
      atMs: int64ToNumber(r.atMs),
      action: r.action ?? '',
      reason: r.reason ?? '',
    })),
  };
}

export function reportToWire(report: ComponentReport): pb.IComponentReport {
  return {
    name: report.name,
    version: report.version,
    pid: report.pid,
    state: componentStates.toWire(report.state),
    stateReason: report.stateReason,
    lastError: report.lastError,
    lastErrorAtMs: int64(report.lastErrorAtMs),
    monitor: report.monitor ? monitorToWire(report.monitor) : null,
    installer: report.installer ? installerToWire(report.installer) : null,
  };
}

/** A component's report as received; throws a message naming the bad field. */
export function reportFromWire(report: pb.IComponentReport): ComponentReport {
  if (!report.name) throw new Error('ComponentReport.name is empty');
  const out: ComponentReport = {
    name: report.name,
    version: report.version ?? '',
    pid: report.pid ?? 0,
    state: componentStates.fromWire(report.state, 'ComponentReport.state'),
    stateReason: report.stateReason ?? '',
    lastError: report.lastError ?? '',
    lastErrorAtMs: int64ToNumber(report.lastErrorAtMs),
  };
  if (report.monitor) {
    const { checkpointAgeMs: _ignored, ...monitor } = monitorFromWire(report.monitor);
    out.monitor = monitor;
  }
  if (report.installer) out.installer = installerFromWire(report.installer, 'ComponentReport.installer');
  return out;
}

export function componentStatusToWire(component: ComponentStatusView): pb.IComponentStatus {
  return {
    name: component.name,
    version: component.version,
    pid: component.pid,
    state: componentStates.toWire(component.state),
    stateReason: component.stateReason,
    processState: processStates.toWire(component.processState),
    health: healthStates.toWire(component.health),
    startedAtMs: int64(component.startedAtMs),
    uptimeMs: int64(component.uptimeMs),
    restarts: component.restarts,
    lastError: component.lastError,
    lastErrorAtMs: int64(component.lastErrorAtMs),
    nextRestartAtMs: int64(component.nextRestartAtMs),
    reported: component.reported,
    monitor: component.monitor ? monitorToWire(component.monitor, component.monitor.checkpointAgeMs) : null,
    installer: component.installer ? installerToWire(component.installer) : null,
  };
}

export function componentStatusFromWire(component: pb.IComponentStatus, field = 'ComponentStatus'): ComponentStatusView {
  const out: ComponentStatusView = {
    name: component.name ?? '',
    version: component.version ?? '',
    pid: component.pid ?? 0,
    state: componentStates.fromWire(component.state, `${field}.state`),
    stateReason: component.stateReason ?? '',
    processState: processStates.fromWire(component.processState, `${field}.processState`),
    health: healthStates.fromWire(component.health, `${field}.health`),
    startedAtMs: int64ToNumber(component.startedAtMs),
    uptimeMs: int64ToNumber(component.uptimeMs),
    restarts: component.restarts ?? 0,
    lastError: component.lastError ?? '',
    lastErrorAtMs: int64ToNumber(component.lastErrorAtMs),
    nextRestartAtMs: int64ToNumber(component.nextRestartAtMs),
    reported: component.reported ?? false,
  };
  if (component.monitor) out.monitor = monitorFromWire(component.monitor);
  if (component.installer) out.installer = installerFromWire(component.installer, `${field}.installer`);
  return out;
}

export function agentStatusToWire(status: AgentStatusView): pb.IAgentStatus {
  return {
    generatedAtMs: int64(status.generatedAtMs),
    supervisor: {
      version: status.supervisor.version,
      pid: status.supervisor.pid,
      startedAtMs: int64(status.supervisor.startedAtMs),
      uptimeMs: int64(status.supervisor.uptimeMs),
    },
    health: healthStates.toWire(status.health),
    activeCollector: collectors.toWire(status.activeCollector),
    activeCollectorReason: status.activeCollectorReason,
    sysmonState: sysmonStateToWire(status.sysmonState),
    sysmonStateReason: status.sysmonStateReason,
    components: status.components.map(componentStatusToWire),
  };
}

export function agentStatusFromWire(status: pb.IAgentStatus): AgentStatusView {
  const supervisor = status.supervisor ?? {};
  return {
    generatedAtMs: int64ToNumber(status.generatedAtMs),
    supervisor: {
      version: supervisor.version ?? '',
      pid: supervisor.pid ?? 0,
      startedAtMs: int64ToNumber(supervisor.startedAtMs),
      uptimeMs: int64ToNumber(supervisor.uptimeMs),
    },
    health: healthStates.fromWire(status.health, 'AgentStatus.health'),
    activeCollector: collectors.fromWire(status.activeCollector, 'AgentStatus.activeCollector'),
    activeCollectorReason: status.activeCollectorReason ?? '',
    sysmonState: sysmonStateFromWire(status.sysmonState, 'AgentStatus.sysmonState'),
    sysmonStateReason: status.sysmonStateReason ?? '',
    components: (status.components ?? []).map((c, i) => componentStatusFromWire(c, `AgentStatus.components[${i}]`)),
  };
}
