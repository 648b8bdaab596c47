/**
 * R-INS-8: execution is separate and idempotent, so a crash between (or inside) any
 * two actions and a restart end in the same state as an uninterrupted run. Every
 * scenario runs once undisturbed for the reference; then, for every host step, the
 * process is killed before and after that step's effect, a new process opens the
 * same SQLite store, recovers the interrupted plan and converges by re-running decide
 * on fresh observations.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  converge,
  DEFAULT_POLICY,
  InstallerStore,
  type DesiredState,
  type History,
  type ReconcilerDeps,
} from '../src';
import { CONFIG, DAY, desired, NOW, release, RELEASES, sha } from './support/builders';
import { FakeExecutor, FakeHost, KilledError, TAMPERED_SHA, type KillPoint } from './support/fake-host';

const WITH_15_16 = desired([...RELEASES, release('15.16', '2026-01-15')]);
const ONLY_15_14 = desired([release('15.14', '2024-02-13')]);

interface Scenario {
  name: string;
  /** What is installed before the measured run (converged without interruption). */
  initial: DesiredState;
  /** What happens to the host between the two runs. */
  act(host: FakeHost, now: () => number): void;
  desired: DesiredState;
}

const scenarios: Scenario[] = [
  { name: 'R-INS-1 first install', initial: desired([]), act: () => undefined, desired: desired() },
  { name: 'R-INS-7 soaked upgrade 15.14 -> 15.16', initial: ONLY_15_14, act: () => undefined, desired: WITH_15_16 },
  {
    name: 'BUG-20 protected upgrade: installed binary and force refused, keys removed, reboot, install',
    initial: ONLY_15_14,
    act: (host) => {
      host.behaviour.refuse.add('installed-binary');
      host.behaviour.refuse.add('force');
    },
    desired: WITH_15_16,
  },
  {
    name: 'BUG-20 variant: uninstall leaves the driver until reboot',
    initial: ONLY_15_14,
    act: (host) => {
      host.behaviour.driverLingers = true;
    },
    desired: WITH_15_16,
  },
  {
    name: 'R-INS-4 tamper: binary patched -> force uninstall and reinstall',
    initial: desired(),
    act: (host) => {
      if (host.service) host.service.sha256 = TAMPERED_SHA;
    },
    desired: desired(),
  },
  {
    name: 'R-INS-4 tamper: start type changed',
    initial: desired(),
    act: (host) => {
      if (host.service) host.service.startType = 'demand';
    },
    desired: desired(),
  },
  {
    name: 'R-INS-4 stopped service -> restart',
    initial: desired(),
    act: (host) => {
      if (host.service) host.service.state = 'stopped';
    },
    desired: desired(),
  },
  {
    name: 'R-INS-5 configuration edited -> re-apply',
    initial: desired(),
    act: (host) => {
      host.rules = sha('edited rules');
    },
    desired: desired(),
  },
  {
    name: 'R-INS-5 new managed configuration -> apply',
    initial: desired(),
    act: () => undefined,
    desired: desired(RELEASES, { sha256: sha('managed config B'), schemaVersion: '4.90' }),
  },
  {
    name: 'R-INS-6 crash: quarantine and remove',
    initial: desired(),
    act: (host, now) => host.reboot(now(), true),
    desired: desired(),
  },
];

interface EndState {
  host: string;
  history: Record<string, unknown>;
  notificationsBalanced: boolean;
}

function summarize(h: History): Record<string, unknown> {
  return {
    ownership: h.ownership && `${h.ownership.version} ${h.ownership.serviceName}/${h.ownership.driverName} ${h.ownership.serviceStartType}`,
    repairsTotal: h.repairsTotal,
    repairReasons: h.repairs.map((r) => r.reason),
    repairInProgress: h.repairInProgress?.reason ?? null,
    quarantined: h.quarantined.map((q) => q.version),
    appliedConfig: h.appliedConfig && `${h.appliedConfig.configSha256.slice(0, 8)}@${h.appliedConfig.version}`,
    pending: h.upgradePendingReboot?.purpose ?? null,
    installFailure: h.installFailure?.key ?? null,
  };
}

/** Converges, reboots when the host waits for one (as an operator eventually would), converges again. */
async function convergeWithReboots(deps: ReconcilerDeps, host: FakeHost, now: () => number): Promise<void> {
  await converge(deps);
  if (host.removeAtReboot || (host.service === null && host.driver !== null)) {
    host.reboot(now());
    await converge(deps);
  }
}

async function run(scenario: Scenario, kill: KillPoint | null): Promise<{ end: EndState; hostSteps: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysward-installer-'));
  const file = path.join(dir, 'installer.db');
  let t = NOW;
  const now = () => (t += 1000);
  const host = new FakeHost();
  const deps = (store: InstallerStore, executor: FakeExecutor, want: DesiredState): ReconcilerDeps => ({
    store,
    observer: host,
    executor,
    desired: want,
    policy: DEFAULT_POLICY,
    now,
  });
  try {
    let store = InstallerStore.open(file, now()).store;
    await converge(deps(store, new FakeExecutor(host, now), scenario.initial));
    scenario.act(host, now);
    host.notifications = [];

    const measured = new FakeExecutor(host, now, kill);
    let killed = false;
    try {
      await convergeWithReboots(deps(store, measured, scenario.desired), host, now);
    } catch (e) {
      if (!(e instanceof KilledError)) throw e;
      killed = true;
    }
    store.close();
    if (killed) {
      t += DAY / 24; // the service manager restarts the installer a little later
      store = InstallerStore.open(file, now()).store;
      expect(store.openPlan()).not.toBeNull();
      await convergeWithReboots(deps(store, new FakeExecutor(host, now), scenario.desired), host, now);
      expect(store.openPlan()).toBeNull();
      store.close();
    }
    store = InstallerStore.open(file, now()).store;
    const history = store.history();
    store.close();
    const befores = host.notifications.filter((n) => n.startsWith('before')).length;
    const afters = host.notifications.filter((n) => n.startsWith('after')).length;
    return {
      end: { host: host.summary(), history: summarize(history), notificationsBalanced: afters >= befores && befores > 0 === afters > 0 },
      hostSteps: measured.executed.length,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('journal: kill between and inside actions, restart, converge (R-INS-8)', () => {
  for (const scenario of scenarios) {
    describe(scenario.name, () => {
      let reference: { end: EndState; hostSteps: number };

      beforeAll(async () => {
        reference = await run(scenario, null);
      });

      it('converges without interruption', () => {
        expect(reference.hostSteps).toBeGreaterThan(0);
        expect(reference.end.notificationsBalanced).toBe(true);
      });

      it('reaches the same end state after a kill at every step, before or after its effect', async () => {
        for (let step = 0; step < reference.hostSteps; step++) {
          for (const when of ['before-effect', 'after-effect'] as const) {
            const killed = await run(scenario, { step, when });
            expect({ step, when, ...killed.end }).toEqual({ step, when, ...reference.end });
          }
        }
      });
    });
  }

  it('the end states are the ones the rules call for', async () => {
    const ends = new Map<string, EndState>();
    for (const s of scenarios) ends.set(s.name, (await run(s, null)).end);
    const get = (name: string) => ends.get(scenarios.find((s) => s.name.startsWith(name))?.name ?? '') as EndState;
    expect(get('R-INS-1').host).toMatch(/^service Sysmon64 15\.15 running auto marked, driver SysmonDrv/);
    expect(get('R-INS-7').history).toMatchObject({ ownership: '15.16 Sysmon64/SysmonDrv auto', repairsTotal: 0 });
    expect(get('BUG-20 protected').history).toMatchObject({ ownership: expect.stringMatching(/^15\.16/), pending: null, repairsTotal: 0 });
    expect(get('BUG-20 variant').history).toMatchObject({ ownership: expect.stringMatching(/^15\.16/), pending: null });
    expect(get('R-INS-4 tamper: binary').history).toMatchObject({ ownership: expect.stringMatching(/^15\.15/), repairsTotal: 1, repairReasons: ['binary-hash'], repairInProgress: null });
    expect(get('R-INS-4 tamper: start').history).toMatchObject({ repairsTotal: 1, repairReasons: ['start-type'] });
    expect(get('R-INS-4 stopped').history).toMatchObject({ repairsTotal: 0 });
    expect(get('R-INS-4 stopped').host).toMatch(/15\.15 running/);
    expect(get('R-INS-5 configuration').history).toMatchObject({ repairsTotal: 1, repairReasons: ['config-changed'], repairInProgress: null });
    expect(get('R-INS-5 new').history).toMatchObject({ repairsTotal: 0, appliedConfig: `${sha('managed config B').slice(0, 8)}@15.15` });
    expect(get('R-INS-6').host).toBe('no service, no driver, rules none');
    expect(get('R-INS-6').history).toMatchObject({ ownership: null, quarantined: ['15.15'] });
    expect(CONFIG.schemaVersion).toBe('4.90');
  });
});
