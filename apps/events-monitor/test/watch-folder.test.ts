/**
 * R-MON-7: a watched folder. A recording copied in while the monitor runs is
 * read and delivered; SIGTERM stops the process cleanly (exit 0) and the
 * next start does not deliver it again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../../tools/testing/corpus';
import { readDeliveredEvents } from './support/read-delivered';

const MAIN = path.join(repoRoot, 'apps', 'events-monitor', 'dist', 'main.js');
const SAMPLE = path.join(repoRoot, 'samples', 'recordings', 'evtx-to-mitre__ID13-WMIimplant_registry_crash_control.evtx');

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('events monitor watching a folder (R-MON-7)', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'monitor-watch-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('picks up a recording dropped into the folder, stops cleanly on SIGTERM, and does not resend it after a restart', async () => {
    const inbox = path.join(tmp, 'inbox');
    const out = path.join(tmp, 'out');
    fs.mkdirSync(inbox);
    const args = [MAIN, '--home', tmp, '--out', out, '--watch', '--source', inbox];
    const first = spawn(process.execPath, args, { stdio: 'ignore' });
    const firstExit = exitOf(first);
    await new Promise((r) => setTimeout(r, 400));
    fs.copyFileSync(SAMPLE, path.join(inbox, 'dropped.evtx'));
    await waitFor(() => readDeliveredEvents(out).length === 18, 15_000);
    first.kill('SIGTERM');
    expect(await firstExit).toBe(0);

    const second = spawn(process.execPath, args, { stdio: 'ignore' });
    const secondExit = exitOf(second);
    await new Promise((r) => setTimeout(r, 1500));
    second.kill('SIGTERM');
    expect(await secondExit).toBe(0);
    expect(readDeliveredEvents(out)).toHaveLength(18);
  }, 30_000);
});
