import { decide, EMPTY_HISTORY, type DesiredState, type History, type ObservedHost } from '../src';
import {
  actionsOf,
  BOOT,
  DAY,
  desired,
  host,
  NOW,
  ours,
  owned,
  ownership,
  policy,
  release,
  RELEASES,
  stateOf,
  touchesAreBracketed,
} from './support/builders';

const BUGCHECK = [{ source: 'bugcheck-1001' as const, atMs: BOOT - 5 * 60_000 }];
const KERNEL_POWER = [
  { source: 'kernel-power-41' as const, atMs: BOOT + 30_000 },
  { source: 'eventlog-6008' as const, atMs: BOOT - 10 * 60_000 },
];
const quarantined15 = (extra: Partial<History> = {}): History => ({
  ...EMPTY_HISTORY,
  quarantined: [{ version: '15.15', crashAtMs: BOOT - 5 * 60_000, bootAtMs: BOOT }],
  ...extra,
});

interface Row {
  name: string;
  observed: ObservedHost;
  history: History;
  want?: DesiredState;
  state: string;
  actions: string[];
}

const rows: Row[] = [
  {
    name: 'R-INS-6: bug check while our 15.15 was installed -> quarantine 15.15 first, then uninstall',
    observed: host({ installs: [ours('15.15')], uncleanShutdowns: BUGCHECK }),
    history: owned('15.15'),
    state: 'QUARANTINED unclean-shutdown',
    actions: ['quarantine 15.15', 'notify before quarantine', 'uninstall installed-binary 15.15', 'notify after quarantine'],
  },
  {
    name: 'R-INS-6: Kernel-Power 41 + EventLog 6008 count the same way',
    observed: host({ installs: [ours('15.15')], uncleanShutdowns: KERNEL_POWER }),
    history: owned('15.15'),
    state: 'QUARANTINED unclean-shutdown',
    actions: ['quarantine 15.15', 'notify before quarantine', 'uninstall installed-binary 15.15', 'notify after quarantine'],
  },
  {
    name: 'R-INS-6: no unclean-shutdown evidence at this boot -> nothing',
    observed: host({ installs: [ours('15.15')] }),
    history: owned('15.15'),
    state: 'MANAGED in-desired-state',
    actions: [],
  },
  {
    name: 'R-INS-6: we installed after this boot: the crash before it was not under our Sysmon',
    observed: host({ installs: [ours('15.15')], uncleanShutdowns: BUGCHECK }),
    history: owned('15.15', { ownership: ownership('15.15', { installedAtMs: BOOT + 60_000 }) }),
    state: 'MANAGED in-desired-state',
    actions: [],
  },
  {
    name: 'R-INS-6: the evidence of one boot quarantines once; the quarantined version keeps being removed',
    observed: host({ installs: [ours('15.15')], uncleanShutdowns: BUGCHECK }),
    history: { ...owned('15.15'), quarantined: quarantined15().quarantined, uninstallFailures: ['installed-binary'] },
    state: 'QUARANTINED unclean-shutdown',
    actions: ['notify before quarantine', 'uninstall force 15.15', 'notify after quarantine'],
  },
  {
    name: 'R-INS-6: quarantined and removed, no newer release -> stay quarantined (ui-realtime sole collector)',
    observed: host({ uncleanShutdowns: BUGCHECK }),
    history: quarantined15(),
    state: 'QUARANTINED awaiting-newer-release',
    actions: [],
  },
  {
    name: 'R-INS-6: quarantined; the next boot is clean; still no newer release',
    observed: host({ lastBootAtMs: NOW - 60_000 }),
    history: quarantined15(),
    state: 'QUARANTINED awaiting-newer-release',
    actions: [],
  },
  {
    name: 'R-INS-6: an OLDER release is never a way out of quarantine',
    observed: host(),
    history: quarantined15(),
    want: desired([release('15.14', '2024-02-13'), release('15.15', '2024-07-23')]),
    state: 'QUARANTINED awaiting-newer-release',
    actions: [],
  },
  {
    name: 'R-INS-6 + R-INS-7: a newer release, still in its soak -> stay quarantined',
    observed: host(),
    history: quarantined15(),
    want: desired([...RELEASES, release('15.16', '2026-02-20')]),
    state: 'QUARANTINED awaiting-newer-release',
    actions: [],
  },
  {
    name: 'R-INS-6: a newer release past its soak -> reinstall that one',
    observed: host(),
    history: quarantined15(),
    want: desired([...RELEASES, release('15.16', '2026-01-10')]),
    state: 'MANAGED installing',
    actions: ['notify before install', 'install 15.16', 'notify after install'],
  },
  {
    name: 'R-INS-6: the store lost its record, our marker says ours -> crash still attributed',
    observed: host({ installs: [ours('15.15')], uncleanShutdowns: BUGCHECK }),
    history: EMPTY_HISTORY,
    state: 'QUARANTINED unclean-shutdown',
    actions: ['quarantine 15.15', 'notify before quarantine', 'uninstall installed-binary 15.15', 'notify after quarantine'],
  },
  {
    name: 'combination: tamper during crash quarantine -> keep removing, never re-apply or reinstall',
    observed: host({ installs: [ours('15.15', { appliedRulesSha256: null }, { startType: 'disabled' })] }),
    history: { ...owned('15.15'), quarantined: quarantined15().quarantined },
    state: 'QUARANTINED unclean-shutdown',
    actions: ['notify before quarantine', 'uninstall installed-binary 15.15', 'notify after quarantine'],
  },
  {
    name: 'combination: every removal step failed for a quarantined Sysmon -> quarantined, note, no loop',
    observed: host({ installs: [ours('15.15')] }),
    history: { ...owned('15.15'), quarantined: quarantined15().quarantined, uninstallFailures: ['installed-binary', 'force', 'remove-at-reboot'] },
    state: 'QUARANTINED unclean-shutdown',
    actions: [],
  },
  {
    name: 'combination: crash while an upgrade waited for its reboot, the old one running until then',
    observed: host({ uncleanShutdowns: BUGCHECK }),
    history: {
      ...EMPTY_HISTORY,
      upgradePendingReboot: {
        sinceMs: BOOT - DAY,
        serviceName: 'Sysmon64',
        driverName: 'SysmonDrv',
        fromVersion: '15.14',
        purpose: 'upgrade',
        oldKeepsRunning: true,
      },
    },
    state: 'QUARANTINED unclean-shutdown',
    actions: ['quarantine 15.14'],
  },
];

describe('decide: crash safeguard (R-INS-6)', () => {
  it.each(rows.map((r) => [r.name, r]))('%s', (_name, row) => {
    const decision = decide(row.observed, row.want ?? desired(), policy(), row.history, NOW);
    expect(stateOf(decision)).toBe(row.state);
    expect(actionsOf(decision)).toEqual(row.actions);
    expect(touchesAreBracketed(decision.actions)).toBe(true);
  });

  it('R-INS-6: the quarantine records the crash time and the boot it came from', () => {
    const decision = decide(host({ installs: [ours('15.15')], uncleanShutdowns: KERNEL_POWER }), desired(), policy(), owned('15.15'), NOW);
    expect(decision.actions[0]).toEqual({ kind: 'quarantine', version: '15.15', crashAtMs: BOOT - 10 * 60_000, bootAtMs: BOOT });
    expect(decision.state).toMatchObject({ status: 'QUARANTINED', versions: ['15.15'] });
  });
});
