import * as fs from 'node:fs';
import * as path from 'node:path';
import { ComponentControlClient, componentAddress } from '@sysward/ipc';
import { eventually, isRoot, runNode } from '../../../libs/ipc/test/support/processes';
import { isAlive, SupervisorHarness } from './support/supervisor-harness';

jest.setTimeout(30_000);

describe('supervisor with real component processes', () => {
  let harness: SupervisorHarness;
  beforeAll(async () => {
    harness = await SupervisorHarness.start([
      { name: 'events-monitor', args: ['--monitor'] },
      { name: 'steady' },
      { name: 'crasher', args: ['--crash-at-start', '3'] },
    ]);
  });
  afterAll(async () => harness.dispose());

  it('R-SUP-1 starts each component as its own process and shows what it reports', async () => {
    const monitor = await harness.waitForComponent('events-monitor', (c) => c.state === 'ok', 'reported ok');
    const steady = await harness.waitForComponent('steady', (c) => c.state === 'ok', 'reported ok');
    expect(monitor.pid).not.toBe(steady.pid);
    expect(monitor.pid).not.toBe(harness.pid);
    expect(isAlive(monitor.pid)).toBe(true);
    expect(monitor).toMatchObject({ version: '9.9.9-fixture', processState: 'running', health: 'serving', restarts: 0, reported: true });
    expect(monitor.monitor).toMatchObject({ eventsRead: 1200, eventsDelivered: 1100, eventsDropped: 3, gaps: 1, outboxBytes: 65536, deliveryLagMs: 750 });
    expect(monitor.monitor!.checkpointAgeMs).toBeGreaterThanOrEqual(2000);
  });

  it('R-SUP-1 a component that keeps crashing ends degraded while the others stay healthy', async () => {
    const crasher = await harness.waitForComponent('crasher', (c) => c.processState === 'degraded', 'degraded');
    expect(crasher).toMatchObject({ restarts: 2, health: 'not_serving', stateReason: 'crashed 3 times within 60 s' });
    expect(crasher.lastError).toBe('exited with code 3: Error: fixture crasher was told to crash at start');
    const status = await harness.status();
    expect(harness.component(status, 'steady')).toMatchObject({ processState: 'running', health: 'serving', restarts: 0 });
    expect(harness.component(status, 'events-monitor')).toMatchObject({ processState: 'running', health: 'serving', restarts: 0 });
    expect(status.health).toBe('not_serving');
    expect(await harness.health.check('')).toBe('NOT_SERVING');
    expect(await harness.health.check('crasher')).toBe('NOT_SERVING');
    expect(await harness.health.check('steady')).toBe('SERVING');
  });

  it('R-SUP-1 R-REL-1 SIGKILL of a component: the supervisor restarts it and status shows the restart', async () => {
    const before = await harness.waitForComponent('events-monitor', (c) => c.state === 'ok', 'running');
    const steadyBefore = harness.component(await harness.status(), 'steady');
    process.kill(before.pid, 'SIGKILL');
    const after = await harness.waitForComponent('events-monitor', (c) => c.pid !== before.pid && c.state === 'ok', 'restarted and ok');
    expect(after).toMatchObject({ restarts: before.restarts + 1, processState: 'running', health: 'serving', lastError: 'killed by SIGKILL' });
    expect(isAlive(before.pid)).toBe(false);
    // The others were not disturbed.
    expect(harness.component(await harness.status(), 'steady').pid).toBe(steadyBefore.pid);
  });

  it('R-SUP-2 health follows a component state, in Check and Watch', async () => {
    await harness.waitForComponent('steady', (c) => c.state === 'ok', 'ok');
    const seen: string[] = [];
    const watch = harness.health.watch('steady', (s) => seen.push(s), () => undefined);
    await eventually(() => (seen[0] === 'SERVING' ? true : undefined), 'watch to start SERVING');
    const control = new ComponentControlClient(componentAddress(harness.home, 'steady', 'linux'));
    try {
      await control.pause('test says so');
      await eventually(async () => ((await harness.health.check('steady')) === 'NOT_SERVING' ? true : undefined), 'NOT_SERVING');
      expect(harness.component(await harness.status(), 'steady')).toMatchObject({ state: 'recoverable_error', lastError: 'paused: test says so' });
      await control.resume();
      await eventually(async () => ((await harness.health.check('steady')) === 'SERVING' ? true : undefined), 'SERVING again');
      await eventually(() => (seen.join(',') === 'SERVING,NOT_SERVING,SERVING' ? true : undefined), `watch to see both changes (saw ${seen})`);
    } finally {
      control.close();
      watch.cancel();
    }
  });

  it('R-SUP-2 RestartComponent restarts a component on request and counts it', async () => {
    const before = await harness.waitForComponent('steady', (c) => c.state === 'ok', 'ok');
    const restarted = await harness.supervisor.restartComponent('steady');
    expect(restarted.pid).not.toBe(before.pid);
    expect(restarted.restarts).toBe(before.restarts + 1);
    expect(isAlive(before.pid)).toBe(false);
    await expect(harness.supervisor.restartComponent('nope')).rejects.toMatchObject({ details: expect.stringContaining('no component named "nope"') });
  });

  it('R-SUP-2 WatchStatus sends the status at once and again after a change', async () => {
    const updates: number[] = [];
    const watch = harness.supervisor.watchStatus(
      (s) => updates.push(harness.component(s, 'steady').pid),
      () => undefined,
    );
    try {
      await eventually(() => (updates.length >= 1 ? true : undefined), 'the first status');
      const first = updates[0];
      process.kill(first, 'SIGKILL');
      await eventually(() => (updates.some((pid) => pid !== first && pid !== 0) ? true : undefined), 'a status with the new pid');
    } finally {
      watch.cancel();
    }
  });

  (isRoot ? it : it.skip)('R-SUP-5 a client running as uid 65534 is refused by the supervisor', async () => {
    const script = `
      const ipc = require('@sysward/ipc');
      const c = new ipc.SupervisorClient(ipc.componentAddress(process.argv[1], 'supervisor', 'linux'));
      c.getStatus({ deadlineMs: 2000 }).then(() => console.log('ALLOWED'), (e) => console.log('REFUSED ' + e.code)).finally(() => c.close());`;
    const result = await runNode(['-e', script, harness.home], { uid: 65534, gid: 65534, env: { ...process.env, ...harness.moduleEnv } });
    expect(result.stdout.trim()).toBe('REFUSED 14');
  });
});

describe('supervisor shutdown and crash recovery', () => {
  it('SIGTERM stops every component gracefully, removes the sockets and exits 0', async () => {
    const harness = await SupervisorHarness.start([{ name: 'steady' }, { name: 'other' }]);
    try {
      const steady = await harness.waitForComponent('steady', (c) => c.state === 'ok', 'ok');
      const other = await harness.waitForComponent('other', (c) => c.state === 'ok', 'ok');
      expect(await harness.stop()).toBe(0);
      expect(isAlive(steady.pid)).toBe(false);
      expect(isAlive(other.pid)).toBe(false);
      expect(fs.readdirSync(path.join(harness.home, 'run'))).toEqual([]);
      const log = fs.readFileSync(path.join(harness.home, 'logs', 'supervisor.1.log'), 'utf8');
      expect(log).toContain('"msg":"supervisor stopped"');
      expect(log).not.toContain('did not stop in time');
    } finally {
      await harness.dispose();
    }
  });

  it('after the supervisor is SIGKILLed its components stop on their own, and a new supervisor starts over the stale socket', async () => {
    const harness = await SupervisorHarness.start([{ name: 'steady' }]);
    try {
      const steady = await harness.waitForComponent('steady', (c) => c.state === 'ok', 'ok');
      await harness.crash();
      expect(fs.lstatSync(path.join(harness.home, 'run', 'supervisor.sock')).isSocket()).toBe(true); // left behind
      await eventually(() => (isAlive(steady.pid) ? undefined : true), 'the orphaned component to stop by itself');
      await harness.restartProcess();
      const again = await harness.waitForComponent('steady', (c) => c.state === 'ok', 'ok under the new supervisor');
      expect(again.pid).not.toBe(steady.pid);
    } finally {
      await harness.dispose();
    }
  });
});
