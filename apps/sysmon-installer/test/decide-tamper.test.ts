import { decide, EMPTY_HISTORY, type History, type ObservedHost } from '../src';
import {
  actionsOf,
  binarySha,
  CONFIG,
  DAY,
  desired,
  driver,
  host,
  NOW,
  ours,
  owned,
  policy,
  rulesSha,
  sha,
  stateOf,
  touchesAreBracketed,
} from './support/builders';

interface Row {
  name: string;
  observed: ObservedHost;
  history: History;
  state: string;
  actions: string[];
}

const REINSTALL_15_15 = ['notify before repair', 'uninstall installed-binary 15.15', 'install 15.15', 'notify after repair'];
const FORCE_REINSTALL_15_15 = ['notify before repair', 'uninstall force 15.15', 'install 15.15', 'notify after repair'];

const rows: Row[] = [
  {
    name: 'in desired state: nothing to do',
    observed: host({ installs: [ours('15.15')] }),
    history: owned('15.15'),
    state: 'MANAGED in-desired-state',
    actions: [],
  },
  {
    name: 'R-INS-4: binary replaced by another version -> repair with a verified binary, never the replaced one',
    observed: host({ installs: [ours('15.15', {}, { binaryVersion: '15.14', binarySha256: binarySha('15.14') })] }),
    history: owned('15.15'),
    state: 'MANAGED repairing',
    actions: ['record-repair binary-version', ...FORCE_REINSTALL_15_15],
  },
  {
    name: 'R-INS-4: binary patched (same version, other hash) -> force-uninstall with our package copy',
    observed: host({ installs: [ours('15.15', {}, { binarySha256: sha('patched') })] }),
    history: owned('15.15'),
    state: 'MANAGED repairing',
    actions: ['record-repair binary-hash', ...FORCE_REINSTALL_15_15],
  },
  {
    name: 'R-INS-4: binary deleted or unreadable',
    observed: host({ installs: [ours('15.15', {}, { binarySha256: null })] }),
    history: owned('15.15'),
    state: 'MANAGED repairing',
    actions: ['record-repair binary-unreadable', ...FORCE_REINSTALL_15_15],
  },
  {
    name: 'R-INS-4: ImagePath pointed elsewhere',
    observed: host({ installs: [ours('15.15', {}, { imagePath: 'C:\\Users\\Public\\Sysmon64.exe' })] }),
    history: owned('15.15'),
    state: 'MANAGED repairing',
    actions: ['record-repair image-path', ...REINSTALL_15_15],
  },
  {
    name: 'R-INS-4: ImagePath spelled differently but the same file is not tamper',
    observed: host({ installs: [ours('15.15', {}, { imagePath: '"c:/windows/SYSMON64.EXE"' })] }),
    history: owned('15.15'),
    state: 'MANAGED in-desired-state',
    actions: [],
  },
  {
    name: 'R-INS-4: start type changed to disabled',
    observed: host({ installs: [ours('15.15', {}, { startType: 'disabled', state: 'stopped' })] }),
    history: owned('15.15'),
    state: 'MANAGED repairing',
    actions: ['record-repair start-type', ...REINSTALL_15_15],
  },
  {
    name: 'R-INS-4: driver start type changed',
    observed: host({ installs: [ours('15.15', { driver: driver({ startType: 'demand' }) })] }),
    history: owned('15.15'),
    state: 'MANAGED repairing',
    actions: ['record-repair driver-changed', ...REINSTALL_15_15],
  },
  {
    name: 'R-INS-4: driver removed',
    observed: host({ installs: [ours('15.15', { driver: null })] }),
    history: owned('15.15'),
    state: 'MANAGED repairing',
    actions: ['record-repair driver-removed', ...REINSTALL_15_15],
  },
  {
    name: 'R-INS-4: service removed, our driver left behind -> still ours, repaired',
    observed: host({ installs: [{ service: null, driver: driver(), inbox: false, appliedRulesSha256: rulesSha(CONFIG.sha256, '15.15') }] }),
    history: owned('15.15'),
    state: 'MANAGED repairing',
    actions: ['record-repair service-removed', ...FORCE_REINSTALL_15_15],
  },
  {
    name: 'R-INS-4: channel unregistered',
    observed: host({ installs: [ours('15.15')], channelPresent: false }),
    history: owned('15.15'),
    state: 'MANAGED repairing',
    actions: ['record-repair channel-missing', ...REINSTALL_15_15],
  },
  {
    name: 'R-INS-4: merely stopped -> restart first',
    observed: host({ installs: [ours('15.15', {}, { state: 'stopped' })] }),
    history: owned('15.15'),
    state: 'MANAGED restarting',
    actions: ['notify before restart', 'restart Sysmon64', 'notify after restart'],
  },
  {
    name: 'R-INS-4: stopped and the restart failed -> not restartable, reinstall',
    observed: host({ installs: [ours('15.15', {}, { state: 'stopped' })] }),
    history: owned('15.15', { restartFailedAtMs: NOW - 60_000 }),
    state: 'MANAGED repairing',
    actions: ['record-repair stopped-not-restartable', ...REINSTALL_15_15],
  },
  {
    name: 'R-INS-4: repair whose installed-binary uninstall failed -> force next (BUG-20 order)',
    observed: host({ installs: [ours('15.15', {}, { imagePath: 'C:\\Temp\\x.exe' })] }),
    history: owned('15.15', { uninstallFailures: ['installed-binary'], repairInProgress: { reason: 'image-path', sinceMs: NOW - 60_000 } }),
    state: 'MANAGED repairing',
    actions: ['record-repair image-path', ...FORCE_REINSTALL_15_15],
  },
  {
    name: 'R-INS-4: five repairs in 24 h -> FAILED repair-limit, stop fighting',
    observed: host({ installs: [ours('15.15', {}, { startType: 'demand' })] }),
    history: owned('15.15', {
      repairsTotal: 5,
      repairs: [1, 2, 3, 4, 5].map((h) => ({ reason: 'binary-hash' as const, detail: 'x', atMs: NOW - h * 3_600_000 })),
    }),
    state: 'FAILED repair-limit',
    actions: [],
  },
  {
    name: 'R-INS-4: old repairs (beyond 24 h) do not count toward the limit',
    observed: host({ installs: [ours('15.15', {}, { startType: 'demand' })] }),
    history: owned('15.15', {
      repairsTotal: 5,
      repairs: [1, 2, 3, 4, 5].map((d) => ({ reason: 'binary-hash' as const, detail: 'x', atMs: NOW - d * DAY - 1 })),
    }),
    state: 'MANAGED repairing',
    actions: ['record-repair start-type', ...REINSTALL_15_15],
  },
  {
    name: 'R-INS-5: Rules value differs from what we read after our apply -> re-apply, counted',
    observed: host({ installs: [ours('15.15', { appliedRulesSha256: sha('edited rules') })] }),
    history: owned('15.15'),
    state: 'MANAGED re-applying-config',
    actions: ['record-repair config-changed', 'notify before apply-config', 'apply-config 15.15', 'notify after apply-config'],
  },
  {
    name: 'R-INS-5: Rules value deleted',
    observed: host({ installs: [ours('15.15', { appliedRulesSha256: null })] }),
    history: owned('15.15'),
    state: 'MANAGED re-applying-config',
    actions: ['record-repair config-changed', 'notify before apply-config', 'apply-config 15.15', 'notify after apply-config'],
  },
  {
    name: 'R-INS-5: a new managed configuration (no record for it yet) -> apply, not a repair',
    observed: host({ installs: [ours('15.15')] }),
    history: owned('15.15', {
      appliedConfig: { configSha256: sha('managed config OLD'), version: '15.15', rulesSha256: rulesSha(sha('managed config OLD'), '15.15'), atMs: NOW - DAY },
    }),
    state: 'MANAGED re-applying-config',
    actions: ['notify before apply-config', 'apply-config 15.15', 'notify after apply-config'],
  },
  {
    name: 'R-INS-5 / BUG-17: the managed configuration failed to apply 3 times -> keep the previous one, report it',
    observed: host({ installs: [ours('15.15')] }),
    history: owned('15.15', {
      appliedConfig: null,
      configApplyFailure: { key: `${CONFIG.sha256}@15.15`, count: 3, lastError: 'Incorrect or unsupported filter', atMs: NOW - DAY },
    }),
    state: 'MANAGED config-not-applied',
    actions: [],
  },
  {
    name: 'R-INS-1: our marker but the store lost its record -> adopt after verifying the binary',
    observed: host({ installs: [ours('15.15')] }),
    history: EMPTY_HISTORY,
    state: 'MANAGED in-desired-state',
    actions: ['record-ownership'],
  },
  {
    name: 'R-INS-9: our marker, no record, and a binary that matches no release -> repair, never adopt',
    observed: host({ installs: [ours('15.15', {}, { binarySha256: sha('unknown build') })] }),
    history: EMPTY_HISTORY,
    state: 'MANAGED repairing',
    actions: ['record-repair binary-hash', ...FORCE_REINSTALL_15_15],
  },
];

describe('decide: tamper with our Sysmon (R-INS-4, R-INS-5)', () => {
  it.each(rows.map((r) => [r.name, r]))('%s', (_name, row) => {
    const decision = decide(row.observed, desired(), policy(), row.history, NOW);
    expect(stateOf(decision)).toBe(row.state);
    expect(actionsOf(decision)).toEqual(row.actions);
    expect(touchesAreBracketed(decision.actions)).toBe(true);
  });

  it('R-INS-9: an uninstall with the installed binary names the SHA-256 it must have', () => {
    const decision = decide(host({ installs: [ours('15.15', {}, { startType: 'demand' })] }), desired(), policy(), owned('15.15'), NOW);
    const uninstall = decision.actions.find((a) => a.kind === 'uninstall');
    expect(uninstall).toMatchObject({ using: 'installed-binary', binary: { version: '15.15', sha256: binarySha('15.15'), from: 'service-image-path' } });
  });

  it('R-INS-4: the repair detail names what changed', () => {
    const decision = decide(host({ installs: [ours('15.15', {}, { imagePath: 'C:\\Temp\\evil.exe' })] }), desired(), policy(), owned('15.15'), NOW);
    expect(decision.state.detail).toContain('C:\\Temp\\evil.exe');
  });
});
