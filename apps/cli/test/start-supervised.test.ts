/**
 * `sysward start` end to end, through real processes (issue #3): the CLI starts
 * the supervisor, the supervisor starts the events monitor, the monitor reports
 * to the supervisor, and `sysward status` shows it. Then a SIGKILL of the
 * monitor and a Ctrl-C of `sysward start`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AgentStatusView, ComponentStatusView } from '@sysward/ipc';
import { eventually, runNode } from '../../../libs/ipc/test/support/processes';
import { readDeliveredEvents } from '../../events-monitor/test/support/read-delivered';
import { isAlive } from '../../supervisor/test/support/supervisor-harness';
import { repoRoot } from '../../../tools/testing/corpus';

jest.setTimeout(40_000);

const BIN = path.join(repoRoot, 'apps', 'cli', 'bin', 'sysward.js');
const SAMPLES = path.join(repoRoot, 'samples', 'recordings');

const keyOf = (e: { logInstanceId: string; recordId: number }): string => `${e.logInstanceId}#${e.recordId}`;

async function status(home: string): Promise<{ code: number | null; status?: AgentStatusView; text: string }> {
  const r = await runNode([BIN, 'status', '--json', '--home', home]);
  try {
    return { code: r.code, status: JSON.parse(r.stdout) as AgentStatusView, text: r.stdout };
  } catch {
    return { code: r.code, text: r.stdout + r.stderr };
  }
}

/** Polls `sysward status --json` (the real command) until the events monitor matches. */
function monitorWhen(home: string, predicate: (c: ComponentStatusView) => boolean, what: string): Promise<{ status: AgentStatusView; monitor: ComponentStatusView }> {
  return eventually(
    async () => {
      const r = await status(home);
      const monitor = r.status?.components.find((c) => c.name === 'events-monitor');
      return r.status && monitor && predicate(monitor) ? { status: r.status, monitor } : undefined;
    },
    `events-monitor: ${what}`,
    60,
    250,
  );
}

describe('sysward start runs the supervisor, which runs the events monitor (R-SUP-1, R-SUP-2, R-SUP-3)', () => {
  let home: string;
  let start: ChildProcess;
  let startOutput = '';
  let startExit: Promise<number | null>;
  let expected: Set<string>;
  const pids = new Set<number>();

  beforeAll(() => {
    for (const app of ['cli', 'supervisor', 'events-monitor']) {
      if (!fs.existsSync(path.join(repoRoot, 'apps', app, 'dist', 'main.js'))) spawnSync('npx', ['tsc', '-b'], { cwd: repoRoot, stdio: 'inherit' });
    }
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-start-'));
    // The truth comes from another path: `sysward replay` of the same recordings into a folder of its own.
    const replayOut = path.join(home, 'replay-out');
    const replay = spawnSync(process.execPath, [BIN, 'replay', SAMPLES, '--out', replayOut, '--home', path.join(home, 'replay-home'), '--quiet'], { encoding: 'utf8' });
    expect(replay.status).toBe(0);
    expected = new Set(readDeliveredEvents(replayOut).map(keyOf));
    expect(expected.size).toBeGreaterThan(0);

    const agentHome = path.join(home, 'agent');
    start = spawn(process.execPath, [BIN, 'start', '--home', agentHome], { stdio: ['ignore', 'pipe', 'pipe'] });
    start.stdout?.on('data', (d: Buffer) => (startOutput += d.toString()));
    start.stderr?.on('data', (d: Buffer) => (startOutput += d.toString()));
    startExit = new Promise((resolve) => start.once('exit', (code) => resolve(code)));
    pids.add(start.pid!);
  });

  afterAll(async () => {
    // Whatever a failed test left running.
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(home, { recursive: true, force: true });
  });

  const agentHome = (): string => path.join(home, 'agent');

  it('R-SUP-2 R-SUP-3 status shows the events monitor ok, its pid, and every forwarded sample event delivered', async () => {
    const { status: s, monitor } = await monitorWhen(agentHome(), (c) => c.state === 'ok' && c.monitor?.eventsDelivered === expected.size, `ok with ${expected.size} delivered`);
    pids.add(s.supervisor.pid);
    pids.add(monitor.pid);
    expect(monitor).toMatchObject({ processState: 'running', health: 'serving', restarts: 0, reported: true });
    expect(monitor.pid).toBeGreaterThan(0);
    expect(isAlive(monitor.pid)).toBe(true);
    expect(monitor.monitor).toMatchObject({ eventsDropped: 0, outboxBytes: 0, deliveryLagMs: 0 });
    expect(monitor.monitor!.checkpointPosition).toMatch(/^recording:[0-9a-f]+@\d+$/);
    expect(monitor.monitor!.eventsRead).toBeGreaterThanOrEqual(expected.size);
    expect(new Set(readDeliveredEvents(path.join(agentHome(), 'out')).map(keyOf))).toEqual(expected);
    expect(startOutput).toContain(`In a second terminal:  npx sysward status --home ${agentHome()}`);
    expect(fs.existsSync(path.join(agentHome(), 'config', 'supervisor.json'))).toBe(true);
  });

  it('R-SUP-1 R-REL-1 SIGKILL of the monitor: the supervisor restarts it, and no event is lost or delivered twice', async () => {
    const before = await monitorWhen(agentHome(), (c) => c.state === 'ok', 'ok');
    process.kill(before.monitor.pid, 'SIGKILL');
    const after = await monitorWhen(agentHome(), (c) => c.pid !== before.monitor.pid && c.state === 'ok' && c.restarts >= 1, 'restarted and ok');
    pids.add(after.monitor.pid);
    expect(after.monitor).toMatchObject({ health: 'serving', lastError: 'killed by SIGKILL' });
    expect(after.monitor.restarts).toBeGreaterThanOrEqual(1);
    // Counted over the state store's life, so a restart does not reset them.
    expect(after.monitor.monitor!.eventsDelivered).toBe(expected.size);
    // Status said every event was delivered before the kill (the count moves only
    // after the outbox is trimmed), so nothing was in flight: not one duplicate.
    const delivered = readDeliveredEvents(path.join(agentHome(), 'out')).map(keyOf);
    expect(new Set(delivered)).toEqual(expected);
    expect(delivered).toHaveLength(expected.size);
  });

  it('R-SUP-1 Ctrl-C (SIGINT) to sysward start stops the supervisor and the monitor cleanly: exit 0, no process left', async () => {
    const { status: s, monitor } = await monitorWhen(agentHome(), (c) => c.state === 'ok', 'ok');
    const running = [start.pid!, s.supervisor.pid, monitor.pid];
    start.kill('SIGINT');
    expect(await startExit).toBe(0);
    expect(startOutput).toMatch(/stopped: \d+ events delivered/);
    await eventually(() => (running.every((pid) => !isAlive(pid)) ? true : undefined), `pids ${running.join(', ')} to be gone`);
    const after = await status(agentHome());
    expect(after.code).toBe(3); // the supervisor is not running
  });

  it('R-SUP-1 SIGKILL of sysward start: the supervisor and the monitor stop by themselves; a second start resumes without duplicates', async () => {
    const again = spawn(process.execPath, [BIN, 'start', '--home', agentHome()], { stdio: 'ignore' });
    pids.add(again.pid!);
    const { status: s, monitor } = await monitorWhen(agentHome(), (c) => c.state === 'ok' && c.monitor?.eventsDelivered === expected.size, 'ok again');
    pids.add(s.supervisor.pid);
    pids.add(monitor.pid);
    again.kill('SIGKILL');
    // Nobody is left to send a signal: the supervisor notices its stdin pipe close, stops the monitor and exits.
    await eventually(() => (!isAlive(s.supervisor.pid) && !isAlive(monitor.pid) ? true : undefined), 'the supervisor and the monitor to stop', 40, 250);
    expect((await status(agentHome())).code).toBe(3);
    const delivered = readDeliveredEvents(path.join(agentHome(), 'out')).map(keyOf);
    expect(delivered).toHaveLength(expected.size);
  });
});
