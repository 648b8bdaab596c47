/**
 * R-MON-3: in managed mode only records of the managed Sysmon are accepted:
 * written while the installer reports MANAGED, and after our own install's
 * event 4. The installer says both (MonitorCoordination.SetSysmonState); these
 * pure rules turn its latest word into a verdict per record.
 */
import type { SysmonState } from '@sysward/agent-runtime';

export type AcceptanceMode = 'managed' | 'self-managed';

/** The installer's latest word, as the monitor keeps it. */
export interface ManagedNotice {
  state: SysmonState;
  /** Record id of our install's event 4 in `logInstanceId`; records up to it are before the install. */
  managedSinceRecordId: number;
  /** '' when the installer could not name the log (e.g. the channel did not exist yet): any log matches. */
  logInstanceId: string;
  reason: string;
  atMs: number;
}

export type OutsideReason = 'not-managed' | 'before-install' | 'other-log';

export type Verdict =
  | { kind: 'accept' }
  /** No word from the installer yet: hold reading, skip nothing. */
  | { kind: 'wait' }
  | { kind: 'outside'; reason: OutsideReason };

const ACCEPT: Verdict = { kind: 'accept' };
const WAIT: Verdict = { kind: 'wait' };

export function acceptanceVerdict(mode: AcceptanceMode, notice: ManagedNotice | null, logInstanceId: string, recordId: number): Verdict {
  // Self-managed: the operator's Sysmon is accepted; filtering by the managed configuration's rules comes with the config parser (README).
  if (mode === 'self-managed') return ACCEPT;
  if (notice === null) return WAIT;
  if (notice.state !== 'managed') return { kind: 'outside', reason: 'not-managed' };
  if (notice.logInstanceId !== '' && notice.logInstanceId !== logInstanceId) return { kind: 'outside', reason: 'other-log' };
  if (recordId <= notice.managedSinceRecordId) return { kind: 'outside', reason: 'before-install' };
  return ACCEPT;
}

/**
 * A clear while MANAGED: everything in the new log was written after our install,
 * so the notice follows the channel into the new log. A notice about another log
 * is left alone (the reader cannot tell how that log relates to this one).
 */
export function noticeAfterClear(notice: ManagedNotice | null, fromLog: string, toLog: string): ManagedNotice | null {
  if (notice === null || notice.state !== 'managed' || notice.logInstanceId !== fromLog) return notice;
  return { ...notice, logInstanceId: toLog, managedSinceRecordId: 0 };
}
