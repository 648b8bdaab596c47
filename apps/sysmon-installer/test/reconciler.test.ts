import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DEFAULT_POLICY,
  InstallerStore,
  reconcileNowOnSysmonEvent,
  reconcileOnce,
  toInstallerStatus,
  type ActionExecutor,
  type ActionOutcome,
  type HostAction,
  type ReconcilerDeps,
} from '../src';
import { desired, NOW, release, RELEASES } from './support/builders';
import { FakeExecutor, FakeHost } from './support/fake-host';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysward-reconcile-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function setup(host: FakeHost, executor?: ActionExecutor, want = desired()) {
  let t = NOW;
  const now = () => (t += 1000);
  const { store } = InstallerStore.open(path.join(dir, 'installer.db'), now());
  const deps: ReconcilerDeps = { store, observer: host, executor: executor ?? new FakeExecutor(host, now), desired: want, policy: DEFAULT_POLICY, now };
  return { deps, store, now };
}

/** Fails chosen action kinds, records everything. */
class ScriptedExecutor implements ActionExecutor {
  readonly seen: string[] = [];
  constructor(
    private readonly inner: ActionExecutor,
    private readonly fail: Set<string>,
  ) {}
  async execute(action: HostAction): Promise<ActionOutcome> {
    const label = action.kind === 'notify-monitor' ? `notify ${action.phase}` : action.kind;
    this.seen.push(label);
    if (this.fail.has(label)) return { ok: false, error: `${label} failed` };
    return this.inner.execute(action);
  }
}

describe('reconcileOnce (R-INS-8, R-INS-11)', () => {
  it('journals the plan and reports the decision; a second round has nothing to do', async () => {
    const host = new FakeHost();
    const { deps, store } = setup(host);
    const first = await reconcileOnce(deps);
    expect(first.planStatus).toBe('done');
    expect(store.plan(first.planId ?? -1)?.steps.every((s) => s.status === 'done')).toBe(true);
    const second = await reconcileOnce(deps);
    expect(second.decision.actions).toEqual([]);
    expect(second.decision.state).toMatchObject({ status: 'MANAGED', reason: 'in-desired-state' });
    store.close();
  });

  it('a failed touch halts the plan, but the monitor still hears "after" (R-INS-11)', async () => {
    const host = FakeHost.withOurs('15.14', desired().config.sha256);
    const scripted = new ScriptedExecutor(new FakeExecutor(host, () => NOW), new Set(['uninstall']));
    const { deps, store } = setup(host, scripted, desired([...RELEASES, release('15.16', '2026-01-15')]));
    // adopt first (no record yet), then the upgrade
    await reconcileOnce(deps);
    const round = await reconcileOnce(deps);
    expect(round.planStatus).toBe('halted');
    expect(scripted.seen).toEqual(['notify before', 'uninstall', 'notify after']);
    expect(store.plan(round.planId ?? -1)?.steps.map((s) => s.status)).toEqual(['done', 'failed', 'skipped', 'done']);
    expect(store.history().uninstallFailures).toEqual(['installed-binary']);
    store.close();
  });

  it('a monitor that cannot be told does not stop the installer', async () => {
    const host = new FakeHost();
    const scripted = new ScriptedExecutor(new FakeExecutor(host, () => NOW), new Set(['notify before']));
    const { deps, store } = setup(host, scripted);
    const round = await reconcileOnce(deps);
    expect(round.planStatus).toBe('done');
    expect(host.summary()).toMatch(/^service Sysmon64 15\.15/);
    store.close();
  });

  it('adopts our marked Sysmon when the store lost its record (bookkeeping, no host action)', async () => {
    const host = FakeHost.withOurs('15.15', desired().config.sha256);
    const scripted = new ScriptedExecutor(new FakeExecutor(host, () => NOW), new Set());
    const { deps, store } = setup(host, scripted);
    const round = await reconcileOnce(deps);
    expect(round.decision.actions.map((a) => a.kind)).toEqual(['record-ownership']);
    expect(scripted.seen).toEqual([]);
    expect(store.history().ownership).toMatchObject({ version: '15.15', serviceName: 'Sysmon64', markerId: 'agent-0001' });
    store.close();
  });

  it('status carries the state, the reason and the repairs for the supervisor (R-SUP-2)', async () => {
    const host = new FakeHost();
    const { deps, store } = setup(host);
    const round = await reconcileOnce(deps);
    expect(toInstallerStatus(round.decision, store.history())).toEqual({
      sysmonState: 'managed',
      sysmonStateReason: 'installing Sysmon 15.15',
      sysmonVersion: '15.15',
      repairsTotal: 0,
      lastRepairs: [],
    });
    store.close();
  });
});

describe('reconcile triggers (R-INS-5, R-INS-11)', () => {
  it.each([
    [16, true, 'configuration changed: immediate check'],
    [4, true, 'service state changed'],
    [255, true, 'Sysmon error'],
    [1, false, 'process creation is telemetry, not health'],
    [3, false, 'network connection'],
  ])('event %i -> %s (%s)', (eventId, expected) => {
    expect(reconcileNowOnSysmonEvent(eventId)).toBe(expected);
  });
});
