import { decide, type DesiredState, type History, type ObservedHost, type PendingRebootRecord } from '../src';
import {
  actionsOf,
  DAY,
  desired,
  driver,
  host,
  NOW,
  ours,
  owned,
  policy,
  release,
  RELEASES,
  stateOf,
  touchesAreBracketed,
} from './support/builders';

const IN_SOAK = release('15.16', '2026-02-20'); // 9 days before NOW
const SOAKED = release('15.16', '2026-01-15'); // 45 days before NOW
const pending = (overrides: Partial<PendingRebootRecord> = {}): PendingRebootRecord => ({
  sinceMs: NOW - 3_600_000,
  serviceName: 'Sysmon64',
  driverName: 'SysmonDrv',
  fromVersion: '15.14',
  purpose: 'upgrade',
  oldKeepsRunning: true,
  ...overrides,
});

interface Row {
  name: string;
  observed: ObservedHost;
  history: History;
  want: DesiredState;
  soakDays?: number;
  state: string;
  actions: string[];
}

const UPGRADE_15_14_TO_15_16 = ['notify before upgrade', 'uninstall installed-binary 15.14', 'install 15.16', 'notify after upgrade'];

const rows: Row[] = [
  {
    name: 'R-INS-7: a newer release inside its 30-day soak is not installed',
    observed: host({ installs: [ours('15.15')] }),
    history: owned('15.15'),
    want: desired([...RELEASES, IN_SOAK]),
    state: 'MANAGED in-desired-state',
    actions: [],
  },
  {
    name: 'R-INS-7: the same release with soakDays 7 is due',
    observed: host({ installs: [ours('15.15')] }),
    history: owned('15.15'),
    want: desired([...RELEASES, IN_SOAK]),
    soakDays: 7,
    state: 'MANAGED upgrading',
    actions: ['notify before upgrade', 'uninstall installed-binary 15.15', 'install 15.16', 'notify after upgrade'],
  },
  {
    name: 'R-INS-7 + BUG-20: past its soak -> protected 15.x upgrade: uninstall with the INSTALLED binary, then install',
    observed: host({ installs: [ours('15.14')] }),
    history: owned('15.14'),
    want: desired([...RELEASES, SOAKED]),
    state: 'MANAGED upgrading',
    actions: UPGRADE_15_14_TO_15_16,
  },
  {
    name: 'R-INS-7: several soaked releases -> the newest',
    observed: host({ installs: [ours('14.14')] }),
    history: owned('14.14', { appliedConfig: null }),
    want: desired([...RELEASES, SOAKED]),
    state: 'MANAGED upgrading',
    actions: ['notify before upgrade', 'uninstall installed-binary 14.14', 'install 15.16', 'notify after upgrade'],
  },
  {
    name: 'R-INS-7: a flagged-vulnerable newest release is skipped for the newest clean one',
    observed: host({ installs: [ours('15.14')] }),
    history: owned('15.14'),
    want: desired([...RELEASES, release('15.16', '2026-01-15', true)]),
    state: 'MANAGED upgrading',
    actions: ['notify before upgrade', 'uninstall installed-binary 15.14', 'install 15.15', 'notify after upgrade'],
  },
  {
    name: 'combination: installed version flagged vulnerable, the fix is inside its soak -> install the fix at once',
    observed: host({ installs: [ours('15.14')] }),
    history: owned('15.14'),
    want: desired([release('15.14', '2024-02-13', true), IN_SOAK]),
    state: 'MANAGED upgrading',
    actions: UPGRADE_15_14_TO_15_16,
  },
  {
    name: 'R-INS-7: below 14.13 is vulnerable even when the manifest does not say so (CVE-2022-44704)',
    observed: host({ installs: [ours('14.11')] }),
    history: owned('14.11', { appliedConfig: null }),
    want: desired([release('14.11', '2022-11-08'), release('15.15', '2026-02-25')]),
    state: 'MANAGED upgrading',
    actions: ['notify before upgrade', 'uninstall installed-binary 14.11', 'install 15.15', 'notify after upgrade'],
  },
  {
    name: 'R-INS-7: vulnerable and no clean release -> keep running, say so',
    observed: host({ installs: [ours('15.15')] }),
    history: owned('15.15'),
    want: desired([release('15.15', '2024-07-23', true)]),
    state: 'MANAGED in-desired-state',
    actions: [],
  },
  {
    name: 'BUG-20: the installed-binary uninstall was refused (protected process) -> -u force',
    observed: host({ installs: [ours('15.14')] }),
    history: owned('15.14', { uninstallFailures: ['installed-binary'] }),
    want: desired([...RELEASES, SOAKED]),
    state: 'MANAGED upgrading',
    actions: ['notify before upgrade', 'uninstall force 15.14', 'install 15.16', 'notify after upgrade'],
  },
  {
    name: 'BUG-20: force refused too -> remove the keys, old Sysmon keeps running until the reboot',
    observed: host({ installs: [ours('15.14')] }),
    history: owned('15.14', { uninstallFailures: ['installed-binary', 'force'] }),
    want: desired([...RELEASES, SOAKED]),
    state: 'MANAGED upgrading',
    actions: ['notify before upgrade', 'remove-at-reboot Sysmon64/SysmonDrv', 'notify after upgrade'],
  },
  {
    name: 'BUG-20: waiting for the reboot, the old Sysmon (its marker gone with its keys) still running -> MANAGED, nothing else',
    observed: host({ installs: [ours('15.14', {}, { ownershipMarker: null })], pendingReboot: true }),
    history: { ...owned('15.14'), ownership: null, upgradePendingReboot: pending() },
    want: desired([...RELEASES, SOAKED]),
    state: 'MANAGED upgrade-pending-reboot',
    actions: [],
  },
  {
    name: 'BUG-20 variant: uninstalled, the driver stays until the reboot -> FAILED pending-reboot (ui-realtime covers)',
    observed: host({ installs: [{ service: null, driver: driver(), inbox: false, appliedRulesSha256: null }], pendingReboot: true }),
    history: { ...owned('15.14'), ownership: null, upgradePendingReboot: pending({ oldKeepsRunning: false }) },
    want: desired([...RELEASES, SOAKED]),
    state: 'FAILED pending-reboot',
    actions: [],
  },
  {
    name: 'BUG-20: after the reboot the old Sysmon is gone -> install the new one, not a repair',
    observed: host({ lastBootAtMs: NOW - 60_000 }),
    history: { ...owned('15.14'), ownership: null, upgradePendingReboot: pending() },
    want: desired([...RELEASES, SOAKED]),
    state: 'MANAGED installing',
    actions: ['notify before install', 'install 15.16', 'notify after install'],
  },
  {
    name: 'BUG-20: every removal step failed -> stay on the old one, report it',
    observed: host({ installs: [ours('15.14')] }),
    history: owned('15.14', { uninstallFailures: ['installed-binary', 'force', 'remove-at-reboot'] }),
    want: desired([...RELEASES, SOAKED]),
    state: 'MANAGED in-desired-state',
    actions: [],
  },
  {
    name: 'R-INS-7: the upgrade target failed to install 3 times -> stay, no loop',
    observed: host({ installs: [ours('15.14')] }),
    history: owned('15.14', { installFailure: { key: '15.16', count: 3, lastError: 'error 5', atMs: NOW - DAY } }),
    want: desired([...RELEASES, SOAKED]),
    state: 'MANAGED in-desired-state',
    actions: [],
  },
  {
    name: 'R-INS-7: never a downgrade when the installed release is clean',
    observed: host({ installs: [ours('15.15')] }),
    history: owned('15.15'),
    want: desired([release('15.14', '2024-02-13')]),
    state: 'MANAGED in-desired-state',
    actions: [],
  },
  {
    name: 'combination: upgrade while protected and the config changed -> upgrade first (the install applies the config)',
    observed: host({ installs: [ours('15.14', { appliedRulesSha256: null })] }),
    history: owned('15.14'),
    want: desired([...RELEASES, SOAKED]),
    state: 'MANAGED upgrading',
    actions: UPGRADE_15_14_TO_15_16,
  },
  {
    name: 'combination: tamper while an upgrade is due -> the repair reinstalls the upgrade target',
    observed: host({ installs: [ours('15.14', {}, { startType: 'demand' })] }),
    history: owned('15.14'),
    want: desired([...RELEASES, SOAKED]),
    state: 'MANAGED repairing',
    actions: ['record-repair start-type', 'notify before repair', 'uninstall installed-binary 15.14', 'install 15.16', 'notify after repair'],
  },
];

describe('decide: upgrades, soak and protected 15.x (R-INS-7, BUG-20)', () => {
  it.each(rows.map((r) => [r.name, r]))('%s', (_name, row) => {
    const decision = decide(row.observed, row.want, policy({ soakDays: row.soakDays ?? 30 }), row.history, NOW);
    expect(stateOf(decision)).toBe(row.state);
    expect(actionsOf(decision)).toEqual(row.actions);
    expect(touchesAreBracketed(decision.actions)).toBe(true);
  });

  it('R-INS-7: the soak counts from the release date at 00:00 UTC', () => {
    const r = release('15.16', '2026-01-30');
    const before = decide(host({ installs: [ours('15.15')] }), desired([...RELEASES, r]), policy(), owned('15.15'), Date.parse('2026-02-28T23:59:59Z'));
    const after = decide(host({ installs: [ours('15.15')] }), desired([...RELEASES, r]), policy(), owned('15.15'), Date.parse('2026-03-01T00:00:00Z'));
    expect(stateOf(before)).toBe('MANAGED in-desired-state');
    expect(stateOf(after)).toBe('MANAGED upgrading');
  });

  it('BUG-20: the uninstall uses the binary the service ImagePath names, with its recorded hash, not the new one', () => {
    const decision = decide(host({ installs: [ours('15.14')] }), desired([...RELEASES, SOAKED]), policy(), owned('15.14'), NOW);
    const uninstall = decision.actions.find((a) => a.kind === 'uninstall');
    expect(uninstall).toMatchObject({ using: 'installed-binary', binary: { version: '15.14', from: 'service-image-path' }, installedVersion: '15.14', purpose: 'upgrade' });
  });

  it('notes a vulnerable Sysmon that cannot be replaced', () => {
    const decision = decide(host({ installs: [ours('15.15')] }), desired([release('15.15', '2024-07-23', true)]), policy(), owned('15.15'), NOW);
    expect(decision.notes.join()).toContain('vulnerable');
  });

  it('BUG-20: never leaves the host with neither Sysmon nor fallback: a state without a running Sysmon is never MANAGED', () => {
    const driverOnly = host({ installs: [{ service: null, driver: driver(), inbox: false, appliedRulesSha256: null }], pendingReboot: true });
    for (const purpose of ['upgrade', 'repair'] as const) {
      const decision = decide(driverOnly, desired(), policy(), { ...owned('15.14'), ownership: null, upgradePendingReboot: pending({ purpose, oldKeepsRunning: false }) }, NOW);
      expect(decision.state.status).not.toBe('MANAGED');
    }
  });
});
