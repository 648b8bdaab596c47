import type { InstallerStatus } from '@sysward/agent-runtime';
import type { Collector } from '@sysward/ipc';

export interface CollectorInputs {
  /** Whether a sysmon-installer component is configured at all. */
  installerConfigured: boolean;
  /** The installer's latest report, if it sent one. */
  installer: InstallerStatus | undefined;
  selfManagedSysmon: boolean;
}

export interface CollectorDecision {
  collector: Collector;
  reason: string;
}

/**
 * Which collector is active and why (R-INS-1..3, R-INS-6, R-UIR-1). The
 * installer reports a Sysmon state; only the supervisor turns it into a choice.
 */
export function decideCollector(inputs: CollectorInputs): CollectorDecision {
  if (!inputs.installerConfigured) {
    return { collector: 'none', reason: 'no sysmon-installer is configured: nothing decides on Sysmon' };
  }
  const installer = inputs.installer;
  if (installer === undefined || installer.sysmonState === 'unknown') {
    return { collector: 'none', reason: 'waiting for the sysmon-installer to report the Sysmon state' };
  }
  const detail = installer.sysmonStateReason ? `: ${installer.sysmonStateReason}` : '';
  switch (installer.sysmonState) {
    case 'managed':
      return {
        collector: 'managed_sysmon',
        reason: `Sysmon${installer.sysmonVersion ? ` ${installer.sysmonVersion}` : ''} is installed and managed by Sysward`,
      };
    case 'foreign_sysmon':
      return inputs.selfManagedSysmon
        ? { collector: 'self_managed_sysmon', reason: `a Sysmon not installed by Sysward is present${detail}; self-managed mode is on` }
        : { collector: 'ui_realtime', reason: `a Sysmon not installed by Sysward is present${detail}; self-managed mode is off` };
    case 'not_installed':
      return { collector: 'ui_realtime', reason: `no Sysmon is installed${detail}` };
    case 'unsupported':
      return { collector: 'ui_realtime', reason: `Sysmon is not supported on this host${detail}` };
    case 'failed':
      return { collector: 'ui_realtime', reason: `installing Sysmon failed${detail}` };
    case 'quarantined':
      return { collector: 'ui_realtime', reason: `Sysmon is quarantined after an unclean shutdown${detail}` };
  }
}
