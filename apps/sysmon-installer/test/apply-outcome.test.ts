import { applyOutcome, EMPTY_HISTORY, type Action, type History } from '../src';
import { binarySha, NOW, owned, ownership, sha } from './support/builders';

const install: Action = { kind: 'install', version: '15.16', sha256: binarySha('15.16'), configSha256: sha('cfg') };
const uninstall = (using: 'installed-binary' | 'force'): Action => ({
  kind: 'uninstall',
  using,
  binary: { version: '15.14', sha256: binarySha('15.14'), from: 'service-image-path' },
  serviceName: 'Sysmon64',
  driverName: 'SysmonDrv',
  installedVersion: '15.14',
  purpose: 'upgrade',
});

describe('applyOutcome: what each result does to History (R-INS-8)', () => {
  it('record-repair counts once per ongoing repair, however often a replay repeats it (R-INS-4)', () => {
    const repair: Action = { kind: 'record-repair', reason: 'binary-hash', detail: 'x' };
    const once = applyOutcome(owned('15.15'), repair, { ok: true }, NOW);
    const twice = applyOutcome(once, repair, { ok: true }, NOW + 1);
    expect([once.repairsTotal, twice.repairsTotal]).toEqual([1, 1]);
    const other = applyOutcome(twice, { kind: 'record-repair', reason: 'start-type', detail: 'y' }, { ok: true }, NOW + 2);
    expect(other.repairsTotal).toBe(2);
  });

  it('a successful install records ownership and the Rules hash, and closes every open matter', () => {
    const before: History = {
      ...owned('15.14'),
      installFailure: { key: '15.16', count: 2, lastError: 'x', atMs: NOW },
      uninstallFailures: ['installed-binary'],
      repairInProgress: { reason: 'binary-hash', sinceMs: NOW },
      restartFailedAtMs: NOW,
    };
    const after = applyOutcome(before, install, { ok: true, ownership: ownership('15.16'), rulesSha256: sha('rules') }, NOW);
    expect(after).toMatchObject({
      ownership: { version: '15.16' },
      appliedConfig: { configSha256: sha('cfg'), version: '15.16', rulesSha256: sha('rules') },
      installFailure: null,
      uninstallFailures: [],
      repairInProgress: null,
      restartFailedAtMs: null,
      upgradePendingReboot: null,
    });
  });

  it('failed installs of one version are counted; another version starts over (R-INS-3)', () => {
    let h = applyOutcome(EMPTY_HISTORY, install, { ok: false, error: 'e1' }, NOW);
    h = applyOutcome(h, install, { ok: false, error: 'e2' }, NOW);
    expect(h.installFailure).toMatchObject({ key: '15.16', count: 2, lastError: 'e2' });
    h = applyOutcome(h, { ...install, version: '15.15' } as Action, { ok: false, error: 'e3' }, NOW);
    expect(h.installFailure).toMatchObject({ key: '15.15', count: 1 });
  });

  it('failed uninstall steps accumulate in BUG-20 order, without duplicates', () => {
    let h = applyOutcome(owned('15.14'), uninstall('installed-binary'), { ok: false, error: 'Access is denied' }, NOW);
    h = applyOutcome(h, uninstall('installed-binary'), { ok: false, error: 'Access is denied' }, NOW);
    h = applyOutcome(h, uninstall('force'), { ok: false, error: 'Access is denied' }, NOW);
    expect(h.uninstallFailures).toEqual(['installed-binary', 'force']);
  });

  it('an uninstall that needs a reboot records the wait, the old one not running (BUG-20 variant)', () => {
    const h = applyOutcome(owned('15.14'), uninstall('installed-binary'), { ok: true, rebootRequired: true }, NOW);
    expect(h.ownership).toBeNull();
    expect(h.upgradePendingReboot).toEqual({
      sinceMs: NOW,
      serviceName: 'Sysmon64',
      driverName: 'SysmonDrv',
      fromVersion: '15.14',
      purpose: 'upgrade',
      oldKeepsRunning: false,
    });
  });

  it('remove-at-reboot: the old Sysmon keeps running until the reboot', () => {
    const action: Action = { kind: 'remove-at-reboot', serviceName: 'Sysmon64', driverName: 'SysmonDrv', fromVersion: '15.14', purpose: 'upgrade' };
    expect(applyOutcome(owned('15.14'), action, { ok: true }, NOW).upgradePendingReboot?.oldKeepsRunning).toBe(true);
    expect(applyOutcome(owned('15.14', { uninstallFailures: ['installed-binary', 'force'] }), action, { ok: false, error: 'x' }, NOW).uninstallFailures).toEqual([
      'installed-binary',
      'force',
      'remove-at-reboot',
    ]);
  });

  it('quarantine is recorded once per boot and version (R-INS-6)', () => {
    const q: Action = { kind: 'quarantine', version: '15.15', crashAtMs: NOW - 10, bootAtMs: NOW - 5 };
    const h = applyOutcome(applyOutcome(EMPTY_HISTORY, q, { ok: true }, NOW), q, { ok: true }, NOW);
    expect(h.quarantined).toHaveLength(1);
  });

  it('apply-config: success records the read-back hash and ends a config repair; failure is counted per config and version', () => {
    const apply: Action = { kind: 'apply-config', version: '15.15', configSha256: sha('cfg') };
    const repairing = owned('15.15', { repairInProgress: { reason: 'config-changed', sinceMs: NOW } });
    expect(applyOutcome(repairing, apply, { ok: true, rulesSha256: sha('r') }, NOW)).toMatchObject({
      appliedConfig: { rulesSha256: sha('r') },
      repairInProgress: null,
    });
    expect(applyOutcome(repairing, apply, { ok: false, error: 'bad filter' }, NOW).configApplyFailure).toMatchObject({ key: `${sha('cfg')}@15.15`, count: 1 });
  });

  it('restart-service records a failed restart and clears it on success (R-INS-4)', () => {
    const restart: Action = { kind: 'restart-service', serviceName: 'Sysmon64' };
    const failed = applyOutcome(owned('15.15'), restart, { ok: false, error: '1058' }, NOW);
    expect(failed.restartFailedAtMs).toBe(NOW);
    expect(applyOutcome(failed, restart, { ok: true }, NOW).restartFailedAtMs).toBeNull();
  });

  it('an install or apply outcome without its read-back is a bug in the executor, not a silent gap', () => {
    expect(() => applyOutcome(EMPTY_HISTORY, install, { ok: true }, NOW)).toThrow(/ownership/);
    expect(() => applyOutcome(owned('15.15'), { kind: 'apply-config', version: '15.15', configSha256: 'x' }, { ok: true }, NOW)).toThrow(/Rules/);
  });
});
