/**
 * R-REL-1, R-MON-1, R-MON-4: SIGKILL the events monitor at random moments while
 * it replays real recordings, restart it each time, and check that every
 * Sysmon event of the forwarded ids arrives at least once and none is missing.
 * Runs the built process (apps/events-monitor/dist/main.js), like production.
 */
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileIdentity } from '@sysward/evtx';
import { repoRoot, describeWithCorpus } from '../../../tools/testing/corpus';
import { expectedForwardedIds } from './support/expected-events';
import { readDeliveredEvents } from './support/read-delivered';

const MAIN = path.join(repoRoot, 'apps', 'events-monitor', 'dist', 'main.js');
const SAMPLES = path.join(repoRoot, 'samples', 'recordings');
const KILLS = 12;

/**
 * Runs the monitor; with `killAfterLines`, SIGKILLs it a random few ms after
 * the sink has grown by that many lines, so every kill lands mid-work
 * (reading, committing or delivering) rather than before start-up or after the end.
 */
function runMonitor(home: string, out: string, killAfterLines: number | null): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, '--home', home, '--out', out, '--once', '--batch-size', '10', '--delivery-batch-size', '25', '--source', SAMPLES], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const start = countLines(out);
    const watcher =
      killAfterLines === null
        ? null
        : setInterval(() => {
            if (countLines(out) - start >= killAfterLines) {
              clearInterval(watcher!);
              setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 20));
            }
          }, 3);
    child.on('exit', (code, signal) => {
      if (watcher) clearInterval(watcher);
      if (code !== 0 && signal === null) process.stderr.write(stderr);
      resolve({ code, signal });
    });
  });
}

function countLines(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir).reduce((n, f) => n + fs.readFileSync(path.join(dir, f), 'utf8').split('\n').length - 1, 0);
}

describeWithCorpus('events monitor survives SIGKILL at any instant (R-REL-1, R-MON-1, R-MON-4)', (corpus) => {
  let home: string;
  beforeAll(() => {
    if (!fs.existsSync(MAIN)) execFileSync('npx', ['tsc', '-b', 'apps/events-monitor'], { cwd: repoRoot, stdio: 'inherit' });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'monitor-kill-'));
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it(`loses no event across ${KILLS} kills and restarts during a replay of the bundled recordings`, async () => {
    const out = path.join(home, 'out');
    let killedMidway = 0;
    for (let i = 0; i < KILLS; i++) {
      const before = countLines(out);
      const result = await runMonitor(home, out, 1 + Math.floor(Math.random() * 60));
      if (result.signal !== 'SIGKILL') {
        expect(result.code).toBe(0);
        break; // finished before the kill: nothing left to interrupt
      }
      if (countLines(out) > before) killedMidway++;
    }
    const final = await runMonitor(home, out, null);
    expect(final.code).toBe(0);
    expect(killedMidway).toBeGreaterThan(0);

    const delivered = readDeliveredEvents(out);
    const files = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.evtx'));
    let expectedTotal = 0;
    for (const file of files) {
      const identity = fileIdentity(path.join(SAMPLES, file));
      const expected = expectedForwardedIds(path.join(SAMPLES, file), corpus);
      expectedTotal += expected.length;
      const got = new Set(delivered.filter((e) => e.logInstanceId === identity).map((e) => e.recordId));
      const missing = expected.filter((id) => !got.has(id));
      expect({ file, missing }).toEqual({ file, missing: [] });
    }
    expect(expectedTotal).toBeGreaterThan(500);
    // At least once, and duplicates only from batches in flight at a kill.
    expect(delivered.length).toBeGreaterThanOrEqual(expectedTotal);
  }, 240_000);
});
