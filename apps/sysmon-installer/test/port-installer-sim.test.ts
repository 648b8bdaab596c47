/**
 * The installer over the simulated host's ports, in-process: observer, executor and
 * the reconcile loop against Windows and Sysmon behaviour as libs/platform-sim
 * reproduces it (install, tamper, foreign, crash, soak, vulnerable).
 */
import * as path from 'node:path';
import { DEFAULT_MANAGED_CONFIG_XML, DEFAULT_POLICY, InstallerService, parseOwnershipMarker } from '../src';
import { DAY, recordingMonitor, simInstaller, type SimInstaller } from './support/sim-installer';

let t: SimInstaller;
afterEach(() => t?.dispose());

async function sysmonServices(): Promise<{ name: string; state: string }[]> {
  return (await t.host.ports.services.list()).filter((s) => /sysmon|hlth|health/i.test(s.name)).map((s) => ({ name: s.name, state: s.state }));
}

function state(): string {
  const d = t.service.lastDecision!;
  return `${d.state.status} ${'reason' in d.state ? d.state.reason : ''}`.trim();
}

describe('R-INS-1, R-INS-8: install on a fresh host', () => {
  it('installs the soaked release with our marker, tells the monitor before/after and MANAGED from our own event 4 Started', async () => {
    t = await simInstaller();
    await t.reconcile();
    expect(state()).toBe('MANAGED in-desired-state');
    expect(await sysmonServices()).toEqual(expect.arrayContaining([{ name: 'Sysmon64', state: 'running' }, { name: 'SysmonDrv', state: 'running' }]));
    const marker = await t.host.ports.registry.getValue('HKLM\\SYSTEM\\CurrentControlSet\\Services\\Sysmon64', 'SyswardOwner');
    expect(parseOwnershipMarker(marker?.type === 'REG_SZ' ? marker.data : null)).not.toBeNull();
    expect(t.monitor.calls).toEqual(['prepare install', 'done install']);
    const managed = t.monitor.states.filter((s) => s.state === 'managed');
    expect(managed).toHaveLength(1);
    expect(managed[0].managedSinceRecordId).toBe(1);
    expect(t.store.history().ownership?.version).toBe('15.15');
  });

  it('R-MON-3: a restarted installer tells the monitor the same Started record, without reinstalling', async () => {
    t = await simInstaller();
    await t.reconcile();
    const first = t.monitor.states.filter((s) => s.state === 'managed').at(-1)!;
    const again = recordingMonitor();
    const restarted = new InstallerService({
      ports: t.host.ports,
      store: t.store,
      releases: [],
      configXml: DEFAULT_MANAGED_CONFIG_XML,
      policy: DEFAULT_POLICY,
      monitor: again,
      managedSinceFile: path.join(t.home, 'managed-since.json'),
    });
    await restarted.reconcile();
    expect(again.calls).toEqual([]);
    expect(again.states.at(-1)).toMatchObject({ state: 'managed', managedSinceRecordId: first.managedSinceRecordId });
    expect(first.managedSinceRecordId).toBeGreaterThan(0);
  });

  it('is idle once converged: a second round plans nothing and tells the monitor nothing new', async () => {
    t = await simInstaller();
    await t.reconcile();
    const notices = t.monitor.states.length;
    await t.reconcile();
    expect(t.monitor.calls).toEqual(['prepare install', 'done install']);
    expect(t.monitor.states).toHaveLength(notices);
  });
});

describe('R-INS-4, R-INS-5: tampering is repaired', () => {
  it('tamper-config: the managed configuration is re-applied', async () => {
    t = await simInstaller();
    await t.reconcile();
    const rules = t.store.history().appliedConfig;
    await t.host.tamper.tamperConfig();
    await t.reconcile();
    expect(state()).toBe('MANAGED in-desired-state');
    expect(t.store.history().appliedConfig).toEqual(rules);
    expect(t.store.history().repairs.map((r) => r.reason)).toEqual(['config-changed']);
    expect(t.monitor.calls.slice(2)).toEqual(['prepare apply-config', 'done apply-config']);
  });

  it('tamper-binary on 14.x: Sysmon is reinstalled from the verified package at once', async () => {
    t = await simInstaller({ releases: [{ version: '14.16', ageDays: 60 }] });
    await t.reconcile();
    const sha = t.store.history().ownership!.sha256;
    t.host.tamper.tamperBinary();
    await t.reconcile();
    expect(state()).toBe('MANAGED in-desired-state');
    expect(t.store.history().ownership!.sha256).toBe(sha);
    expect(t.store.history().repairsTotal).toBe(1);
    expect(await sysmonServices()).toEqual(expect.arrayContaining([{ name: 'Sysmon64', state: 'running' }]));
  });

  it('tamper-binary on a protected 15.x (BUG-20): refused removal, Services keys deleted, reinstalled after the reboot', async () => {
    t = await simInstaller();
    await t.reconcile();
    const sha = t.store.history().ownership!.sha256;
    t.host.tamper.tamperBinary();
    await t.reconcile();
    expect(state()).toBe('FAILED pending-reboot');
    t.host.reboot();
    await t.reconcile();
    expect(state()).toBe('MANAGED in-desired-state');
    expect(t.store.history().ownership!.sha256).toBe(sha);
    expect(await sysmonServices()).toEqual(expect.arrayContaining([{ name: 'Sysmon64', state: 'running' }]));
  });

  it('tamper-service --delete: the service is recreated', async () => {
    t = await simInstaller();
    await t.reconcile();
    t.host.tamper.tamperService({ delete: true });
    await t.reconcile();
    expect(state()).toBe('MANAGED in-desired-state');
    expect(await sysmonServices()).toEqual(expect.arrayContaining([{ name: 'Sysmon64', state: 'running' }]));
  });

  it('tamper-service --start-type disabled: the start type is restored', async () => {
    t = await simInstaller();
    await t.reconcile();
    t.host.tamper.tamperService({ startType: 'disabled' });
    await t.reconcile();
    expect(state()).toBe('MANAGED in-desired-state');
    expect((await t.host.ports.services.query('Sysmon64'))?.startType).toBe('auto');
  });
});

describe('R-INS-2, BUG-21: a foreign Sysmon is left alone', () => {
  it.each([
    ['renamed', undefined],
    ['standard', undefined],
    ['inbox', 'win11-24h2'],
  ] as const)('foreign %s: FOREIGN_SYSMON, nothing installed beside it', async (kind, osName) => {
    t = await simInstaller({ os: osName });
    await t.host.tamper.installForeignSysmon({ kind, version: '15.14' });
    const before = await sysmonServices();
    await t.reconcile();
    expect(state()).toBe('FOREIGN_SYSMON foreign-present');
    expect(await sysmonServices()).toEqual(before);
    expect(t.monitor.calls).toEqual([]);
    expect(t.monitor.states.at(-1)?.state).toBe('foreign_sysmon');
  });
});

describe('R-INS-6: crash safeguard', () => {
  it('an unclean shutdown with our Sysmon installed: withdrawn and the version quarantined', async () => {
    t = await simInstaller();
    await t.reconcile();
    t.host.clock.advance(60_000);
    t.host.crash(0x50);
    t.host.reboot();
    await t.reconcile();
    expect(t.service.lastDecision!.state.status).toBe('QUARANTINED');
    expect(t.store.history().quarantined.map((q) => q.version)).toEqual(['15.15']);
    expect(await sysmonServices()).toEqual([]);
    expect(t.monitor.states.at(-1)?.state).toBe('quarantined');
  });
});

describe('R-INS-7: releases', () => {
  it('a newer release is installed only after its soak', async () => {
    t = await simInstaller();
    await t.reconcile();
    t.host.publishRelease('15.16');
    await t.reconcile();
    expect(t.store.history().ownership!.version).toBe('15.15');
    t.host.clock.advance(31 * DAY);
    await t.reconcile();
    expect(state()).toBe('MANAGED in-desired-state');
    expect(t.store.history().ownership!.version).toBe('15.16');
    expect(t.monitor.calls).toContain('prepare upgrade');
  });

  it('a release marked vulnerable is replaced by a newer one at once', async () => {
    t = await simInstaller({ releases: [{ version: '15.15', ageDays: 60, vulnerable: false }] });
    await t.reconcile();
    // The installed version turns out vulnerable: a fresh feed says so, with a fix released today.
    t.host.parts.store.db.prepare("UPDATE releases SET vulnerable = 1 WHERE version_key = '15.15'").run();
    t.host.publishRelease('15.16');
    await t.reconcile();
    expect(t.store.history().ownership!.version).toBe('15.16');
  });
});
