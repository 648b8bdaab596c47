import {
  collectSysmonInstalls,
  decide,
  EMPTY_HISTORY,
  type DriverCandidate,
  type History,
  type ObservedHost,
  type ServiceCandidate,
} from '../src';
import { actionsOf, BOOT, desired, foreign, host, NOW, ours, owned, policy, stateOf } from './support/builders';

interface Row {
  name: string;
  observed: ObservedHost;
  history?: History;
  selfManaged?: boolean;
  state: string;
  names: { service: string | null; driver: string | null }[];
}

const rows: Row[] = [
  {
    name: 'BUG-21 (1): service Sysmon64 + driver SysmonDrv, not ours',
    observed: host({ installs: [foreign('15.15')] }),
    state: 'FOREIGN_SYSMON standard',
    names: [{ service: 'Sysmon64', driver: 'SysmonDrv' }],
  },
  {
    name: 'BUG-21 (2): service Sysmon (32-bit name) + SysmonDrv',
    observed: host({ installs: [foreign('15.15', { service: 'Sysmon' })] }),
    state: 'FOREIGN_SYSMON standard',
    names: [{ service: 'Sysmon', driver: 'SysmonDrv' }],
  },
  {
    name: 'BUG-21 (3): renamed service and driver at altitude 385201',
    observed: host({ installs: [foreign('15.15', { service: 'WinTelemetrySvc', driver: 'wtdrv' })] }),
    state: 'FOREIGN_SYSMON renamed',
    names: [{ service: 'WinTelemetrySvc', driver: 'wtdrv' }],
  },
  {
    name: 'BUG-21: standard service name with a renamed driver (DriverName option) is "renamed"',
    observed: host({ installs: [foreign('14.14', { driver: 'SysDrv2' })] }),
    state: 'FOREIGN_SYSMON renamed',
    names: [{ service: 'Sysmon64', driver: 'SysDrv2' }],
  },
  {
    name: 'R-INS-2: Windows 11 / Server 2025 inbox Sysmon',
    observed: host({ installs: [foreign('15.20', { service: 'Sysmon' }, true)] }),
    state: 'FOREIGN_SYSMON inbox',
    names: [{ service: 'Sysmon', driver: 'SysmonDrv' }],
  },
  {
    name: 'R-INS-2: an inbox Sysmon is never ours, even if a marker were found on it',
    observed: host({ installs: [{ ...ours('15.15'), inbox: true }] }),
    history: owned('15.15'),
    state: 'FOREIGN_SYSMON inbox',
    names: [{ service: 'Sysmon64', driver: 'SysmonDrv' }],
  },
  {
    name: 'R-INS-2: a leftover foreign driver without its service is still foreign',
    observed: host({ installs: [foreign('15.15', { service: null, driver: 'OtherDrv' })] }),
    state: 'FOREIGN_SYSMON renamed',
    names: [{ service: null, driver: 'OtherDrv' }],
  },
  {
    name: 'R-INS-2: a leftover driver while Windows waits for a reboot is an uninstall finishing, not a live Sysmon',
    observed: host({ installs: [foreign('15.15', { service: null })], pendingReboot: true }),
    state: 'FAILED pending-reboot',
    names: [],
  },
  {
    name: 'R-INS-2: our names recorded, but the service lost our marker (reinstalled by someone) -> foreign',
    observed: host({ installs: [foreign('15.15')] }),
    history: owned('15.15'),
    state: 'FOREIGN_SYSMON standard',
    names: [{ service: 'Sysmon64', driver: 'SysmonDrv' }],
  },
  {
    name: 'combination: a foreign Sysmon appears after ours -> stand back, touch neither',
    observed: host({ installs: [ours('15.15'), foreign('15.15', { service: 'EdrSysmon', driver: 'EdrDrv' })] }),
    history: owned('15.15'),
    state: 'FOREIGN_SYSMON renamed',
    names: [{ service: 'EdrSysmon', driver: 'EdrDrv' }],
  },
  {
    name: 'combination: a crash while foreign -> no quarantine, nothing touched',
    observed: host({
      installs: [foreign('15.15')],
      uncleanShutdowns: [{ source: 'bugcheck-1001', atMs: BOOT - 60_000 }],
    }),
    state: 'FOREIGN_SYSMON standard',
    names: [{ service: 'Sysmon64', driver: 'SysmonDrv' }],
  },
  {
    name: 'combination: foreign on an unsupported OS is still reported as foreign',
    observed: host({ osVersion: '6.1.7601', installs: [foreign('10.42')] }),
    state: 'FOREIGN_SYSMON standard',
    names: [{ service: 'Sysmon64', driver: 'SysmonDrv' }],
  },
  {
    name: 'R-INS-2: self-managed mode changes nothing here; the supervisor decides the collector',
    observed: host({ installs: [foreign('15.15')] }),
    selfManaged: true,
    state: 'FOREIGN_SYSMON standard',
    names: [{ service: 'Sysmon64', driver: 'SysmonDrv' }],
  },
];

describe('decide: a Sysmon we did not install (R-INS-2, BUG-21)', () => {
  it.each(rows.map((r) => [r.name, r]))('%s', (_name, row) => {
    const decision = decide(row.observed, desired(), policy({ selfManaged: row.selfManaged ?? false }), row.history ?? EMPTY_HISTORY, NOW);
    expect(stateOf(decision)).toBe(row.state);
    expect(actionsOf(decision)).toEqual([]);
    if (decision.state.status === 'FOREIGN_SYSMON') expect(decision.state.installs).toEqual(row.names);
    else expect(row.names).toEqual([]);
    for (const n of row.names) {
      if (n.service) expect(decision.state.detail).toContain(n.service);
    }
  });

  it('names our own Sysmon in a note when it sits beside a foreign one', () => {
    const decision = decide(host({ installs: [ours('15.15'), foreign('15.15', { service: 'X', driver: 'Y' })] }), desired(), policy(), owned('15.15'), NOW);
    expect(decision.notes.join()).toContain('left untouched');
  });
});

describe('collectSysmonInstalls: identity by binary, not by name (BUG-21)', () => {
  const resource = (originalFilename: string | null, productName: string | null = null) => ({
    originalFilename,
    productName,
    companyName: productName ? 'Sysinternals - www.sysinternals.com' : null,
  });
  const svc = (name: string, versionResource: ServiceCandidate['versionResource'], state: ServiceCandidate['state'] = 'running'): ServiceCandidate => ({
    name,
    imagePath: `C:\\Windows\\${name}.exe`,
    startType: 'auto',
    state,
    binaryVersion: '15.15',
    binarySha256: 'a'.repeat(64),
    ownershipMarker: null,
    versionResource,
    inboxFeature: false,
  });
  const drv = (name: string, altitude: string | null, originalFilename: string | null = null): DriverCandidate => ({
    name,
    imagePath: `C:\\Windows\\${name}.sys`,
    startType: 'boot',
    state: 'running',
    altitude,
    binarySha256: 'b'.repeat(64),
    versionResource: resource(originalFilename),
    rulesSha256: 'c'.repeat(64),
  });

  it.each([
    ['(1) Sysmon64 + SysmonDrv', [svc('Sysmon64', resource('Sysmon.exe'))], [drv('SysmonDrv', '385201')], [['Sysmon64', 'SysmonDrv']]],
    ['(2) Sysmon + SysmonDrv', [svc('Sysmon', resource('Sysmon.exe'))], [drv('SysmonDrv', '385201')], [['Sysmon', 'SysmonDrv']]],
    ['(3) renamed service, renamed driver at 385201', [svc('RenamedSvc', resource('Sysmon64.exe'))], [drv('RenamedDrv', '385201')], [['RenamedSvc', 'RenamedDrv']]],
    ['renamed, identified by product name alone', [svc('Agent', resource(null, 'Sysinternals Sysmon'))], [drv('Flt', '385201')], [['Agent', 'Flt']]],
    ['driver identified by its original file name when no altitude is readable', [svc('S', resource('Sysmon.exe'))], [drv('D', null, 'SysmonDrv.sys')], [['S', 'D']]],
    ['a service merely NAMED Sysmon is not Sysmon', [svc('Sysmon', resource('notsysmon.exe'))], [drv('OtherFlt', '320000')], []],
    ['a left-behind driver stands alone', [], [drv('SysmonDrv', '385201')], [[null, 'SysmonDrv']]],
  ])('%s', (_name, services, drivers, expected) => {
    const installs = collectSysmonInstalls(services as ServiceCandidate[], drivers as DriverCandidate[]);
    expect(installs.map((i) => [i.service?.name ?? null, i.driver?.name ?? null])).toEqual(expected);
  });

  it('pairs the one Sysmon driver with the running service when two services claim to be Sysmon', () => {
    const installs = collectSysmonInstalls(
      [svc('OldSysmon', resource('Sysmon.exe'), 'stopped'), svc('Sysmon64', resource('Sysmon64.exe'))],
      [drv('SysmonDrv', '385201')],
    );
    expect(installs.map((i) => [i.service?.name, i.driver?.name ?? null])).toEqual([
      ['OldSysmon', null],
      ['Sysmon64', 'SysmonDrv'],
    ]);
  });

  it('carries the Rules hash of the driver and the inbox flag of the service', () => {
    const inbox = { ...svc('Sysmon', resource('Sysmon.exe')), inboxFeature: true };
    const [install] = collectSysmonInstalls([inbox], [drv('SysmonDrv', '385201')]);
    expect(install.inbox).toBe(true);
    expect(install.appliedRulesSha256).toBe('c'.repeat(64));
    expect(install.service).not.toHaveProperty('versionResource');
  });
});
