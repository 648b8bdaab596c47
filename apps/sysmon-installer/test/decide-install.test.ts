import { decide, EMPTY_HISTORY, type DesiredState, type History, type ObservedHost, type Policy } from '../src';
import { actionsOf, desired, DAY, host, NOW, owned, policy, release, RELEASES, stateOf, touchesAreBracketed } from './support/builders';

interface Row {
  name: string;
  observed: ObservedHost;
  history?: History;
  want?: DesiredState;
  rules?: Partial<Policy>;
  state: string;
  actions: string[];
}

const rows: Row[] = [
  {
    name: 'R-INS-1: no Sysmon, supported OS -> install the newest soaked release, report MANAGED',
    observed: host(),
    state: 'MANAGED installing',
    actions: ['notify before install', 'install 15.15', 'notify after install'],
  },
  {
    name: 'R-INS-1: Windows Server 2016 (10.0.14393) is supported by default',
    observed: host({ osVersion: '10.0.14393' }),
    state: 'MANAGED installing',
    actions: ['notify before install', 'install 15.15', 'notify after install'],
  },
  {
    name: 'R-INS-3: Windows Server 2008 R2 (6.1.7601) is older than the managed Sysmon supports',
    observed: host({ osVersion: '6.1.7601' }),
    state: 'UNSUPPORTED os-too-old',
    actions: [],
  },
  {
    name: 'R-INS-3: an unreadable OS version is not taken as supported',
    observed: host({ osVersion: 'Windows' }),
    state: 'UNSUPPORTED os-too-old',
    actions: [],
  },
  {
    name: 'R-INS-3: a policy minimum above the host',
    observed: host({ osVersion: '10.0.17763' }),
    rules: { minimumOsVersion: '10.0.20348' },
    state: 'UNSUPPORTED os-too-old',
    actions: [],
  },
  {
    name: 'R-INS-3: installing failed maxInstallAttempts times -> FAILED, no more attempts',
    observed: host(),
    history: { ...EMPTY_HISTORY, installFailure: { key: '15.15', count: 3, lastError: 'error 1058', atMs: NOW - DAY } },
    state: 'FAILED install-failed',
    actions: [],
  },
  {
    name: 'R-INS-3: two failures of three -> try again',
    observed: host(),
    history: { ...EMPTY_HISTORY, installFailure: { key: '15.15', count: 2, lastError: 'error 1058', atMs: NOW - DAY } },
    state: 'MANAGED installing',
    actions: ['notify before install', 'install 15.15', 'notify after install'],
  },
  {
    name: 'R-INS-7: only an unsoaked release in the manifest -> nothing to install yet',
    observed: host(),
    want: desired([release('15.16', '2026-02-20')]),
    state: 'FAILED no-eligible-release',
    actions: [],
  },
  {
    name: 'R-INS-9: an empty manifest -> FAILED, never an unverified binary',
    observed: host(),
    want: desired([]),
    state: 'FAILED no-eligible-release',
    actions: [],
  },
  {
    name: 'R-INS-7: only vulnerable releases (below 14.13, STACK-NOTES) -> nothing to install',
    observed: host(),
    want: desired([release('14.11', '2022-11-08'), release('13.34', '2022-05-01')]),
    state: 'FAILED no-eligible-release',
    actions: [],
  },
  {
    name: 'BUG-17: a 4.90 configuration never goes onto 14.14 (max 4.83): 15.x is picked',
    observed: host(),
    want: desired([release('14.14', '2023-06-05'), release('15.15', '2024-07-23')]),
    state: 'MANAGED installing',
    actions: ['notify before install', 'install 15.15', 'notify after install'],
  },
  {
    name: 'BUG-17: only 14.14 released and the configuration is 4.90 -> refused, not installed',
    observed: host(),
    want: desired([release('14.14', '2023-06-05')]),
    state: 'FAILED no-eligible-release',
    actions: [],
  },
  {
    name: 'R-INS-2 / R-MON-3: self-managed mode never installs',
    observed: host(),
    rules: { selfManaged: true },
    state: 'FAILED self-managed-without-sysmon',
    actions: [],
  },
  {
    name: 'R-INS-4: ours was removed behind our back -> counted repair and reinstall',
    observed: host(),
    history: owned('15.15'),
    state: 'MANAGED repairing',
    actions: ['record-repair service-removed', 'notify before repair', 'install 15.15', 'notify after repair'],
  },
];

describe('decide: first install and unsupported hosts (R-INS-1, R-INS-3)', () => {
  it.each(rows.map((r) => [r.name, r]))('%s', (_name, row) => {
    const decision = decide(row.observed, row.want ?? desired(), policy(row.rules), row.history ?? EMPTY_HISTORY, NOW);
    expect(stateOf(decision)).toBe(row.state);
    expect(actionsOf(decision)).toEqual(row.actions);
    expect(touchesAreBracketed(decision.actions)).toBe(true);
  });

  it('R-INS-1: the install carries the manifest SHA-256 and the managed configuration', () => {
    const decision = decide(host(), desired(), policy(), EMPTY_HISTORY, NOW);
    const install = decision.actions.find((a) => a.kind === 'install');
    const expected = RELEASES.find((r) => r.version === '15.15');
    expect(install).toEqual({ kind: 'install', version: '15.15', sha256: expected?.sha256, configSha256: desired().config.sha256 });
    expect(decision.state).toMatchObject({ status: 'MANAGED', version: '15.15' });
  });

  it('R-INS-8: decide is pure: same inputs, same decision, inputs untouched', () => {
    const observed = host();
    const frozen = JSON.stringify(observed);
    const a = decide(observed, desired(), policy(), EMPTY_HISTORY, NOW);
    const b = decide(observed, desired(), policy(), EMPTY_HISTORY, NOW);
    expect(a).toEqual(b);
    expect(JSON.stringify(observed)).toBe(frozen);
  });
});
