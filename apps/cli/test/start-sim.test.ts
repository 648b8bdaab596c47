/**
 * `sysward start` on a fresh simulated host (issue #4): the sim host, the Sysmon
 * installer and the live-channel monitor run under the supervisor beside the
 * recordings monitor; the installer's state becomes the active collector (R-INS-1),
 * tampering is repaired (R-INS-5), a crash quarantines (R-INS-6), a foreign Sysmon
 * on a fresh host is left alone (R-INS-2), and Ctrl-C stops every process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AgentStatusView } from '@sysward/ipc';
import { eventually, runNode } from '../../../libs/ipc/test/support/processes';
import { isAlive } from '../../supervisor/test/support/supervisor-harness';
import { repoRoot } from '../../../tools/testing/corpus';

jest.setTimeout(60_000);

const BIN = path.join(repoRoot, 'apps', 'cli', 'bin', 'sysward.js');

async function status(home: string): Promise<AgentStatusView | undefined> {
  const r = await runNode([BIN, 'status', '--json', '--home', home]);
  try {
    return JSON.parse(r.stdout) as AgentStatusView;
  } catch {
    return undefined;
  }
}

function statusWhen(home: string, predicate: (s: AgentStatusView) => boolean, what: string): Promise<AgentStatusView> {
  return eventually(async () => {
    const s = await status(home);
    return s && predicate(s) ? s : undefined;
  }, what, 80, 250);
}

function sim(home: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, 'sim', ...args, '--home', home], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('sysward start on a simulated host', () => {
  let root: string;
  const pids = new Set<number>();
  const starts: ChildProcess[] = [];

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-start-sim-'));
  });
  afterAll(() => {
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
  });

  function start(home: string): { child: ChildProcess; exit: Promise<number | null>; output: () => string } {
    let output = '';
    const child = spawn(process.execPath, [BIN, 'start', '--home', home], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    pids.add(child.pid!);
    starts.push(child);
    return { child, exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))), output: () => output };
  }

  it('R-INS-1 R-INS-5 R-INS-6: installs on a fresh host, managed-sysmon collector; config tamper repaired; crash quarantines; Ctrl-C stops all', async () => {
    const home = path.join(root, 'fresh');
    const run = start(home);
    const managed = await statusWhen(home, (s) => s.activeCollector === 'managed_sysmon', 'managed-sysmon collector');
    expect(managed.sysmonState).toBe('managed');
    expect(managed.components.map((c) => c.name).sort()).toEqual(['events-monitor', 'events-monitor-live', 'sim-host', 'sysmon-installer']);
    for (const c of managed.components) pids.add(c.pid);
    expect(run.output()).toContain('created, Sysmon 15.15 released 60 days ago');

    sim(home, 'tamper-config');
    const repaired = await statusWhen(home, (s) => (s.components.find((c) => c.name === 'sysmon-installer')?.installer?.repairsTotal ?? 0) >= 1, 'a repair');
    expect(repaired.components.find((c) => c.name === 'sysmon-installer')?.installer?.lastRepairs[0].reason).toMatch(/^config-changed/);
    expect(repaired.activeCollector).toBe('managed_sysmon');

    sim(home, 'crash');
    sim(home, 'reboot');
    const quarantined = await statusWhen(home, (s) => s.sysmonState === 'quarantined', 'quarantined');
    expect(quarantined.activeCollector).toBe('ui_realtime');
    expect(quarantined.activeCollectorReason).toMatch(/quarantined after an unclean shutdown/);
    expect(sim(home, 'show')).toMatch(/sysmon:\n {2}\(not installed\)/);

    const running = [run.child.pid!, quarantined.supervisor.pid, ...quarantined.components.map((c) => c.pid)];
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    await eventually(() => (running.every((pid) => !isAlive(pid)) ? true : undefined), `pids ${running.join(', ')} to be gone`, 80, 100);
  });

  it('R-INS-2 BUG-21: a renamed foreign Sysmon on a fresh host is left alone; the collector is ui-realtime', async () => {
    const home = path.join(root, 'foreign');
    sim(home, 'init');
    sim(home, 'release', '15.15', '--ago', '60d');
    sim(home, 'install-foreign-sysmon', '--renamed');
    const run = start(home);
    const foreign = await statusWhen(home, (s) => s.sysmonState === 'foreign_sysmon', 'foreign_sysmon');
    for (const c of foreign.components) pids.add(c.pid);
    expect(foreign.activeCollector).toBe('ui_realtime');
    expect(foreign.sysmonStateReason).toMatch(/HealthMon/);
    expect(sim(home, 'show')).not.toMatch(/^ +Sysmon64 +own-process/m);
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
  });
});
