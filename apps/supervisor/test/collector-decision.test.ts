import type { InstallerStatus, SysmonState } from '@sysward/agent-runtime';
import { decideCollector } from '../src';

function installer(sysmonState: SysmonState, sysmonStateReason = '', sysmonVersion = ''): InstallerStatus {
  return { sysmonState, sysmonStateReason, sysmonVersion, repairsTotal: 0, lastRepairs: [] };
}

describe('R-SUP-2 the supervisor decides the active collector and says why (R-INS-1..3, R-INS-6, R-UIR-1)', () => {
  it.each([
    [false, undefined, false, 'none', 'no sysmon-installer is configured: nothing decides on Sysmon'],
    [true, undefined, false, 'none', 'waiting for the sysmon-installer to report the Sysmon state'],
    [true, installer('unknown'), false, 'none', 'waiting for the sysmon-installer to report the Sysmon state'],
    [true, installer('managed', '', '15.15'), false, 'managed_sysmon', 'Sysmon 15.15 is installed and managed by Sysward'],
    [true, installer('managed'), true, 'managed_sysmon', 'Sysmon is installed and managed by Sysward'],
    [true, installer('foreign_sysmon', 'inbox Sysmon'), false, 'ui_realtime', 'a Sysmon not installed by Sysward is present: inbox Sysmon; self-managed mode is off'],
    [true, installer('foreign_sysmon', 'service Sysmon64'), true, 'self_managed_sysmon', 'a Sysmon not installed by Sysward is present: service Sysmon64; self-managed mode is on'],
    [true, installer('not_installed'), false, 'ui_realtime', 'no Sysmon is installed'],
    [true, installer('unsupported', 'Windows 7'), false, 'ui_realtime', 'Sysmon is not supported on this host: Windows 7'],
    [true, installer('failed', 'exit code 5'), true, 'ui_realtime', 'installing Sysmon failed: exit code 5'],
    [true, installer('quarantined', '15.14 after bug check'), false, 'ui_realtime', 'Sysmon is quarantined after an unclean shutdown: 15.14 after bug check'],
  ] as const)('installer configured %s, report %j, self-managed %s -> %s', (installerConfigured, report, selfManagedSysmon, collector, reason) => {
    expect(decideCollector({ installerConfigured, installer: report, selfManagedSysmon })).toEqual({ collector, reason });
  });
});
