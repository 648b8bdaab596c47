/**
 * End to end through real processes (R-MON-1, R-REL-1, R-MON-4): a simulated
 * host whose host process (`sysward sim run`) plays the kernel and Sysmon's
 * service, the built monitor reading the live channel with --channel, and
 * this test recording activities on the host. The monitor is SIGKILLed
 * mid-stream and restarted several times; every forwarded Sysmon record of
 * the channel must reach the NDJSON sink. Then the same monitor under a
 * supervisor's identity in managed mode, driven by the installer's calls over
 * local gRPC (R-MON-3, R-INS-11).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { componentAddress, MonitorCoordinationClient } from '@sysward/ipc';
import { repoRoot } from '../../../tools/testing/corpus';
import { readDeliveredEvents } from './support/read-delivered';
import { CHANNEL, channelRecords, eventually, simWithSysmon, type SimSysmon } from './support/sim-channel';

const MAIN = path.join(repoRoot, 'apps', 'events-monitor', 'dist', 'main.js');
const SYSWARD = path.join(repoRoot, 'apps', 'cli', 'bin', 'sysward.js');
const CLI_DIST = path.join(repoRoot, 'apps', 'cli', 'dist', 'main.js');
const FORWARDED = [1, 3, 8, 10, 13, 25];
const KILLS = 3;

function countLines(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir).reduce((n, f) => n + fs.readFileSync(path.join(dir, f), 'utf8').split('\n').length - 1, 0);
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('the monitor on the live channel of a simulated host, killed and restarted (R-MON-1, R-REL-1)', () => {
  let sim: SimSysmon;
  let hostProcess: ChildProcess;
  let out: string;

  beforeAll(() => {
    if (!fs.existsSync(MAIN) || !fs.existsSync(CLI_DIST)) {
      execFileSync('npx', ['tsc', '-b', 'apps/events-monitor', 'apps/cli'], { cwd: repoRoot, stdio: 'inherit' });
    }
  });
  beforeEach(async () => {
    sim = await simWithSysmon();
    out = path.join(sim.home, 'out');
    hostProcess = spawn(process.execPath, [SYSWARD, 'sim', 'run', '--home', sim.home], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      hostProcess.stdout!.once('data', () => resolve());
      hostProcess.once('exit', (code) => reject(new Error(`the sim host process exited (${code}) before it was ready`)));
    });
  });
  afterEach(async () => {
    const gone = exited(hostProcess);
    hostProcess.kill('SIGTERM');
    await gone;
    sim.dispose();
  });

  function startMonitor(options: { managed?: boolean } = {}): ChildProcess {
    const mode = options.managed ? [] : ['--self-managed'];
    // Under a supervisor's identity the monitor serves its component socket (MonitorCoordination); no supervisor needs to run.
    const env = options.managed ? { ...process.env, SYSWARD_COMPONENT: 'events-monitor', SYSWARD_HOME: sim.home } : process.env;
    const child = spawn(
      process.execPath,
      [MAIN, '--channel', '--sim', ...mode, '--home', sim.home, '--out', out, '--batch-size', '10', '--delivery-batch-size', '25'],
      { stdio: ['ignore', 'ignore', 'pipe'], env },
    );
    child.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
    return child;
  }

  it(`activities recorded on the host arrive in the NDJSON sink; ${KILLS} SIGKILLs mid-stream lose nothing`, async () => {
    let recording = true;
    let recorded = 0;
    const recorder = (async () => {
      while (recording) {
        sim.host.recordActivities(
          Array.from({ length: 15 }, (_, i) => ({ kind: i % 3 === 0 ? ('network-connect' as const) : ('process-start' as const), fields: { CommandLine: `step ${recorded + i}` } })),
        );
        recorded += 15;
        await new Promise((r) => setTimeout(r, 25));
      }
    })();

    let killedMidway = 0;
    for (let i = 0; i < KILLS; i++) {
      const monitor = startMonitor();
      const end = exited(monitor);
      const before = countLines(out);
      await eventually(() => countLines(out) - before >= 20 + Math.floor(Math.random() * 40), 15_000, 'the sink to grow');
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 20)));
      monitor.kill('SIGKILL');
      expect((await end).signal).toBe('SIGKILL');
      killedMidway += 1;
    }
    recording = false;
    await recorder;

    const last = startMonitor();
    const lastEnd = exited(last);
    await eventually(() => sim.host.parts.sysmon.pending() === 0, 10_000, 'Sysmon to write its queue');
    const expected = (await channelRecords(sim.host)).filter((r) => FORWARDED.includes(r.eventId)).map((r) => r.recordId);
    const logInstanceId = (await sim.host.ports.channels.info(CHANNEL)).logIdentity;
    const missing = (): number[] => {
      const got = new Set(readDeliveredEvents(out).filter((e) => e.logInstanceId === logInstanceId).map((e) => e.recordId));
      return expected.filter((id) => !got.has(id));
    };
    await eventually(() => missing().length === 0, 20_000, 'every recorded activity in the sink');
    last.kill('SIGTERM');
    expect((await lastEnd).code).toBe(0);

    expect(killedMidway).toBe(KILLS);
    expect(expected.length).toBe(recorded);
    const delivered = readDeliveredEvents(out);
    // At least once; duplicates only from what was in flight at a kill (a read batch or a delivery window per kill).
    expect(delivered.length).toBeGreaterThanOrEqual(expected.length);
    expect(delivered.length - expected.length).toBeLessThanOrEqual(KILLS * 25);
    expect(delivered.every((e) => (e.line.event as Record<string, unknown>).collector === 'COLLECTOR_SELF_MANAGED_SYSMON')).toBe(true);
  }, 50_000);

  it('R-MON-3, R-INS-11 managed mode: nothing before the installer speaks, then our records; a prepare/done bracket loses nothing', async () => {
    const event4 = (await channelRecords(sim.host)).find((r) => r.eventId === 4 && r.xml.includes('Started'))!.recordId;
    sim.host.recordActivities(Array.from({ length: 5 }, (_, i) => ({ kind: 'process-start' as const, fields: { CommandLine: `before the notice ${i}` } })));
    const monitor = startMonitor({ managed: true });
    const end = exited(monitor);
    const installer = new MonitorCoordinationClient(componentAddress(sim.home, 'events-monitor', process.platform));
    try {
      await eventually(() => fs.existsSync(installer.address.listenPath), 10_000, 'the monitor\'s socket');
      await new Promise((r) => setTimeout(r, 300));
      expect(readDeliveredEvents(out)).toHaveLength(0);

      await installer.setSysmonState({ state: 'managed', managedSinceRecordId: event4, logInstanceId: '', reason: 'installed' });
      await eventually(() => readDeliveredEvents(out).length === 5, 10_000, 'the 5 recorded after our install');

      const prepared = await installer.prepareForSysmonChange('repair');
      expect(prepared.caughtUp).toBe(true);
      sim.host.recordActivities(Array.from({ length: 3 }, (_, i) => ({ kind: 'registry-set' as const, fields: { TargetObject: `HKLM\\Software\\During\\${i}` } })));
      await new Promise((r) => setTimeout(r, 300));
      expect(readDeliveredEvents(out)).toHaveLength(5);
      const done = await installer.sysmonChangeDone('repair');
      expect(done).toMatchObject({ continuity: 'continued', resumedAfter: { recordId: prepared.checkpoint!.recordId }, gap: null });
      await eventually(() => readDeliveredEvents(out).length === 8, 10_000, 'the 3 written during the change');
      expect(readDeliveredEvents(out).every((e) => (e.line.event as Record<string, unknown>).collector === 'COLLECTOR_MANAGED_SYSMON')).toBe(true);
    } finally {
      installer.close();
      monitor.kill('SIGTERM');
    }
    expect((await end).code).toBe(0);
  }, 30_000);
});
