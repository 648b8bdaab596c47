import type { ComponentState } from './component-state';

/**
 * What a component tells the supervisor about itself (R-SUP-2). The supervisor
 * adds what only it knows (restarts, uptime, degraded) before serving status.
 * Times are milliseconds since the Unix epoch; 0 means "never".
 */

/** Counters and positions of the events monitor. */
export interface MonitorStatus {
  eventsRead: number;
  eventsDelivered: number;
  eventsDropped: number;
  gaps: number;
  outboxBytes: number;
  /** Where reading resumes, in the reader's own words (e.g. channel and record id). */
  checkpointPosition: string;
  /** When the checkpoint last moved; the age is computed by whoever reads it. */
  checkpointUpdatedAtMs: number;
  /** How far delivery trails behind reading: age of the oldest undelivered event. */
  deliveryLagMs: number;
  /** Channel records skipped because they did not come from the managed Sysmon (R-MON-3). */
  eventsOutsideManaged: number;
}

export const SYSMON_STATES = [
  'unknown',
  'not_installed',
  'managed',
  'foreign_sysmon',
  'unsupported',
  'failed',
  'quarantined',
] as const;
export type SysmonState = (typeof SYSMON_STATES)[number];

export interface RepairRecord {
  atMs: number;
  action: string;
  reason: string;
}

/** What the sysmon installer reports; the supervisor turns it into a collector choice. */
export interface InstallerStatus {
  sysmonState: SysmonState;
  /** Why this state, e.g. which kind of foreign Sysmon, or why installing failed. */
  sysmonStateReason: string;
  sysmonVersion: string;
  repairsTotal: number;
  /** Most recent first, a handful at most. */
  lastRepairs: RepairRecord[];
}

export interface ComponentReport {
  name: string;
  version: string;
  pid: number;
  state: ComponentState;
  stateReason: string;
  lastError: string;
  lastErrorAtMs: number;
  monitor?: MonitorStatus;
  installer?: InstallerStatus;
}

/** A partial change; nested sections merge field by field. */
export interface ComponentReportUpdate {
  state?: ComponentState;
  stateReason?: string;
  lastError?: string;
  lastErrorAtMs?: number;
  monitor?: Partial<MonitorStatus>;
  installer?: Partial<InstallerStatus>;
}

export const EMPTY_MONITOR_STATUS: Readonly<MonitorStatus> = Object.freeze({
  eventsRead: 0,
  eventsDelivered: 0,
  eventsDropped: 0,
  gaps: 0,
  outboxBytes: 0,
  checkpointPosition: '',
  checkpointUpdatedAtMs: 0,
  deliveryLagMs: 0,
  eventsOutsideManaged: 0,
});

export const EMPTY_INSTALLER_STATUS: Readonly<InstallerStatus> = Object.freeze({
  sysmonState: 'unknown',
  sysmonStateReason: '',
  sysmonVersion: '',
  repairsTotal: 0,
  lastRepairs: [],
});

/** The report after `update`; the state itself is checked by the caller's state machine. */
export function mergeReport(current: ComponentReport, update: ComponentReportUpdate): ComponentReport {
  const next: ComponentReport = { ...current };
  if (update.state !== undefined) next.state = update.state;
  if (update.stateReason !== undefined) next.stateReason = update.stateReason;
  if (update.lastError !== undefined) next.lastError = update.lastError;
  if (update.lastErrorAtMs !== undefined) next.lastErrorAtMs = update.lastErrorAtMs;
  if (update.monitor !== undefined) {
    next.monitor = { ...(current.monitor ?? EMPTY_MONITOR_STATUS), ...definedOnly(update.monitor) };
  }
  if (update.installer !== undefined) {
    const installer = { ...(current.installer ?? EMPTY_INSTALLER_STATUS), ...definedOnly(update.installer) };
    installer.lastRepairs = [...installer.lastRepairs];
    next.installer = installer;
  }
  return next;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] !== undefined) out[key] = value[key];
  }
  return out;
}
