import type { ComponentState, InstallerStatus, MonitorStatus, SysmonState } from '@sysward/agent-runtime';

/**
 * The agent status as the supervisor serves it and the CLI shows it (R-SUP-2),
 * as plain data: the wire format (control.proto) stays inside this library.
 * Times are ms since the Unix epoch (0 = never), durations ms.
 */
export const PROCESS_STATES = ['pending', 'running', 'backoff', 'degraded', 'stopped'] as const;
export type ProcessState = (typeof PROCESS_STATES)[number];

export const HEALTH_STATES = ['serving', 'not_serving'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export const COLLECTORS = ['none', 'managed_sysmon', 'self_managed_sysmon', 'ui_realtime'] as const;
export type Collector = (typeof COLLECTORS)[number];

export interface MonitorStatusView extends MonitorStatus {
  /** now - checkpointUpdatedAtMs when the status was generated; 0 when never checkpointed. */
  checkpointAgeMs: number;
}

export interface ComponentStatusView {
  name: string;
  version: string;
  pid: number;
  state: ComponentState;
  stateReason: string;
  processState: ProcessState;
  health: HealthState;
  startedAtMs: number;
  uptimeMs: number;
  restarts: number;
  lastError: string;
  lastErrorAtMs: number;
  nextRestartAtMs: number;
  /** Whether this process has reported yet; until then version and state are the supervisor's guess. */
  reported: boolean;
  monitor?: MonitorStatusView;
  installer?: InstallerStatus;
}

export interface SupervisorInfoView {
  version: string;
  pid: number;
  startedAtMs: number;
  uptimeMs: number;
}

export interface AgentStatusView {
  generatedAtMs: number;
  supervisor: SupervisorInfoView;
  health: HealthState;
  activeCollector: Collector;
  activeCollectorReason: string;
  sysmonState: SysmonState;
  sysmonStateReason: string;
  components: ComponentStatusView[];
}
