/**
 * The decision as the supervisor's status model carries it (agent-runtime's
 * InstallerStatus, control.v1 InstallerStatus). The state names map one to one.
 */
import type { InstallerStatus, SysmonState as ReportedState } from '@sysward/agent-runtime';
import type { Decision, SysmonState } from '../model/decision';
import type { History } from '../model/history';

const REPORTED: Readonly<Record<SysmonState['status'], ReportedState>> = {
  MANAGED: 'managed',
  FOREIGN_SYSMON: 'foreign_sysmon',
  UNSUPPORTED: 'unsupported',
  FAILED: 'failed',
  QUARANTINED: 'quarantined',
};

const LAST_REPAIRS = 5;

export function toInstallerStatus(decision: Decision, history: History): InstallerStatus {
  const state = decision.state;
  const notes = decision.notes.length > 0 ? ` (${decision.notes.join('; ')})` : '';
  return {
    sysmonState: REPORTED[state.status],
    sysmonStateReason: state.detail + notes,
    sysmonVersion: state.status === 'MANAGED' ? state.version : '',
    repairsTotal: history.repairsTotal,
    lastRepairs: history.repairs
      .slice(-LAST_REPAIRS)
      .reverse()
      .map((r) => ({ atMs: r.atMs, action: r.reason === 'config-changed' ? 're-apply configuration' : 'reinstall', reason: `${r.reason}: ${r.detail}` })),
  };
}
