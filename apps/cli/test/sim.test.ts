/**
 * `sysward sim ...` as operators and scripts use it, through the built
 * launcher: output, exit codes (0 done, 1 the host refused, 2 bad input) and
 * the host state each command leaves (read back with `sim show --json`).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../../tools/testing/corpus';

const BIN = path.join(repoRoot, 'apps', 'cli', 'bin', 'sysward.js');
const RECORDING = path.join(repoRoot, 'samples', 'recordings', 'evtx-to-mitre__ID1-LSASS_dump_with_LSASSY_SYSMON.evtx');
const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

function sysward(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, SYSWARD_HOME: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
let homeCount = 0;
function newHome(...initArgs: string[]): string {
  const home = path.join(tmp, `h${++homeCount}`);
  const r = sysward(['sim', 'init', '--home', home, ...initArgs]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return home;
}
function show(home: string) {
  const r = sysward(['sim', 'show', '--json', '--home', home]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

beforeAll(() => {
  if (!fs.existsSync(path.join(repoRoot, 'apps', 'cli', 'dist', 'commands', 'sim-commands.js'))) spawnSync('npx', ['tsc', '-b'], { cwd: repoRoot, stdio: 'inherit' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysward-sim-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('sysward sim init', () => {
  it('creates the host under --home or SYSWARD_HOME, refuses to replace it without --force', () => {
    const home = path.join(tmp, 'init');
    const r = sysward(['sim', 'init'], { SYSWARD_HOME: home });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${home}/sim/host.db: Windows 11 Enterprise 23H2 (10.0.22631)`);
    const again = sysward(['sim', 'init', '--home', home]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists (use --force');
    expect(sysward(['sim', 'init', '--home', home, '--force', '--os', 'server2019', '--host-name', 'DC01']).code).toBe(0);
    expect(show(home)).toMatchObject({ hostName: 'DC01', os: { build: 17763, productType: 'server' } });
  });

  it.each([
    [['--os', 'windows12'], 'unknown OS "windows12"'],
    [['--host-name', 'bad name!'], '--host-name must be'],
    [['--product-type', 'laptop'], '--product-type must be one of workstation, server, domain-controller'],
    [['extra'], 'expected 0 argument(s), got 1'],
  ])('bad input %j exits 2 naming it', (args, message) => {
    const r = sysward(['sim', 'init', '--home', path.join(tmp, 'bad'), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('every other command on a home without a host says to run init first', () => {
    const r = sysward(['sim', 'show', '--home', path.join(tmp, 'nothing-here')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('run `sysward sim init` first');
  });
});

describe('a foreign Sysmon, replayed activity and the host process', () => {
  it('install-foreign-sysmon, replay and sim run put the recording into the Sysmon channel', async () => {
    const home = newHome();
    const installed = sysward(['sim', 'install-foreign-sysmon', '--home', home]);
    expect(installed.stdout).toContain('installed a foreign Sysmon v15.15 (standard): service Sysmon64, driver SysmonDrv');
    const replay = sysward(['sim', 'replay', RECORDING, '--rate', '0', '--home', home]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/^replayed 3 activities from 14 records \(11 skipped: not a forwarded Sysmon event\); 3 captured by a running Sysmon/);
    expect(show(home).activities).toMatchObject({ total: 3, sysmonQueue: 5 });

    const run = spawn(process.execPath, [BIN, 'sim', 'run', '--home', home], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    run.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const deadline = Date.now() + 10_000;
    let channel: { recordCount: number } | undefined;
    while (Date.now() < deadline) {
      channel = show(home).channels.find((c: { channel: string }) => c.channel === SYSMON);
      if (channel && channel.recordCount >= 5) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(show(home).hostProcess).toMatchObject({ pid: run.pid, alive: true });
    run.kill('SIGTERM');
    const code = await new Promise((resolve) => run.once('exit', resolve));
    expect(code).toBe(0);
    expect(channel?.recordCount).toBe(5);
    expect(out).toContain('sim host stopped: wrote 5 Sysmon events, 3 activities into the user-mode view');
    expect(show(home).hostProcess).toBeNull();
  });

  it('replay refuses a missing file (2) and a negative rate (2)', () => {
    const home = newHome();
    expect(sysward(['sim', 'replay', path.join(tmp, 'nope.evtx'), '--home', home])).toMatchObject({ code: 2, stderr: expect.stringContaining('nope.evtx: no such file') });
    expect(sysward(['sim', 'replay', RECORDING, '--rate', '-1', '--home', home])).toMatchObject({ code: 2, stderr: expect.stringContaining('--rate must be 0 or more') });
    expect(sysward(['sim', 'replay', '--home', home]).code).toBe(2);
  });

  it('BUG-21: --renamed and --inbox; the inbox one needs build 26100+, and the two flags do not combine', () => {
    const home = newHome();
    expect(sysward(['sim', 'install-foreign-sysmon', '--renamed', '--inbox', '--home', home])).toMatchObject({ code: 2, stderr: expect.stringContaining('--renamed and --inbox cannot be combined') });
    const inbox = sysward(['sim', 'install-foreign-sysmon', '--inbox', '--home', home]);
    expect(inbox.code).toBe(1);
    expect(inbox.stderr).toContain('builds 26100 and later');
    expect(sysward(['sim', 'install-foreign-sysmon', '--renamed', '--home', home]).stdout).toContain('service HealthMon, driver HlthDrv');
    const other = newHome('--os', 'server2025');
    expect(sysward(['sim', 'install-foreign-sysmon', '--inbox', '--version', '15.2', '--home', other]).stdout).toContain('v15.2 (inbox): service Sysmon, driver SysmonDrv');
    expect(show(other).optionalFeatures).toEqual([{ name: 'Sysmon', state: 'enabled' }]);
  });
});

describe('tampering (R-INS-4, R-INS-5, BUG-20)', () => {
  let home: string;
  beforeAll(() => {
    home = newHome();
    sysward(['sim', 'install-foreign-sysmon', '--home', home]);
  });

  it('tamper-config changes the Rules bytes; --via-sysmon queues event 16', () => {
    const before = show(home).sysmon[0].rulesSha256;
    expect(sysward(['sim', 'tamper-config', '--home', home]).stdout).toContain('Rules rewritten in the registry (no event 16)');
    const after = show(home).sysmon[0].rulesSha256;
    expect(after).not.toBe(before);
    expect(sysward(['sim', 'tamper-config', '--via-sysmon', '--home', home]).stdout).toContain('(event 16 logged)');
  });

  it('tamper-binary changes the hash, and the version when asked', () => {
    const before = show(home).sysmon[0];
    expect(sysward(['sim', 'tamper-binary', '--version', '14.0', '--home', home]).code).toBe(0);
    const after = show(home).sysmon[0];
    expect(after.imageSha256).not.toBe(before.imageSha256);
    expect(after.imageVersion).toBe('14.0');
    expect(sysward(['sim', 'tamper-binary', '--version', 'x', '--home', home]).code).toBe(2);
  });

  it('tamper-service validates its input and changes start type and image path', () => {
    expect(sysward(['sim', 'tamper-service', '--home', home])).toMatchObject({ code: 2, stderr: expect.stringContaining('say what to change') });
    expect(sysward(['sim', 'tamper-service', '--start-type', 'sometimes', '--home', home])).toMatchObject({ code: 2, stderr: expect.stringContaining('--start-type must be one of boot, system, auto, demand, disabled') });
    expect(sysward(['sim', 'tamper-service', '--delete', '--start-type', 'auto', '--home', home]).code).toBe(2);
    expect(sysward(['sim', 'tamper-service', '--start-type', 'demand', '--image-path', 'C:\\Temp\\x.exe', '--home', home]).code).toBe(0);
    expect(show(home).services.find((s: { name: string }) => s.name === 'Sysmon64')).toMatchObject({ startType: 'demand', imagePath: 'C:\\Temp\\x.exe' });
  });

  it('stop-sysmon --scm is refused for a protected 15.x (BUG-20); without it the process is killed; --delete removes the driver', () => {
    const refused = sysward(['sim', 'stop-sysmon', '--scm', '--home', home]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('protected process: access is denied');
    expect(sysward(['sim', 'stop-sysmon', '--home', home]).stdout).toContain('Sysmon64 terminated (exit 1067)');
    expect(sysward(['sim', 'stop-sysmon', '--home', home])).toMatchObject({ code: 1, stderr: expect.stringContaining('is not running') });
    expect(sysward(['sim', 'tamper-service', '--driver', '--delete', '--home', home]).stdout).toContain('SysmonDrv terminated and deleted');
    expect(show(home).sysmon[0]).toMatchObject({ serviceState: 'stopped', driverState: 'missing' });
  });

  it('commands that need a Sysmon say when there is none', () => {
    const bare = newHome();
    expect(sysward(['sim', 'tamper-config', '--home', bare])).toMatchObject({ code: 1, stderr: expect.stringContaining('no Sysmon is installed') });
  });
});

describe('crash, reboot, clear-log, release, set-os, clock', () => {
  it('R-INS-6: crash then reboot leaves 41, 6008 and 1001; the host is down in between', () => {
    const home = newHome();
    expect(sysward(['sim', 'crash', '--bugcheck', '0x50', '--home', home]).stdout).toContain('host crashed (bugcheck 0x50)');
    expect(show(home).power).toBe('off');
    expect(sysward(['sim', 'crash', '--home', home])).toMatchObject({ code: 1, stderr: expect.stringContaining('is down') });
    const reboot = sysward(['sim', 'reboot', '--home', home]);
    expect(reboot.stdout).toMatch(/booted after a crash: .* previous shutdown unclean \(System 41, 6008, 1001\)/);
    expect(sysward(['sim', 'reboot', '--home', home]).stdout).toMatch(/^rebooted: .* previous shutdown clean$/m);
    expect(sysward(['sim', 'crash', '--power-loss', '--home', home]).stdout).toContain('power loss');
    expect(sysward(['sim', 'reboot', '--home', home]).stdout).toContain('(System 41, 6008)');
    expect(sysward(['sim', 'crash', '--bugcheck', 'oops', '--home', home]).code).toBe(2);
    expect(sysward(['sim', 'crash', '--bugcheck', '1', '--power-loss', '--home', home]).code).toBe(2);
  });

  it('BUG-15: clear-log gives the channel a new log identity; an unknown channel is refused', () => {
    const home = newHome();
    sysward(['sim', 'install-foreign-sysmon', '--home', home]);
    const r = sysward(['sim', 'clear-log', '--home', home]);
    expect(r.stdout).toMatch(/^cleared Microsoft-Windows-Sysmon\/Operational: \d+ records dropped; log (\S+) -> (\S+)$/m);
    const [, from, to] = /log (\S+) -> (\S+)/.exec(r.stdout)!;
    expect(from).not.toBe(to);
    expect(sysward(['sim', 'clear-log', '--channel', 'Nope/Operational', '--home', home])).toMatchObject({ code: 1, stderr: expect.stringContaining('does not exist') });
  });

  it('release records a version with the sim date, the flag and the hash; duplicates and bad versions are refused', () => {
    const home = newHome();
    expect(sysward(['sim', 'clock', 'advance', '30d', '--home', home]).stdout).toMatch(/^clock advanced by 30d: now /);
    const r = sysward(['sim', 'release', '14.13', '--vulnerable', '--home', home]);
    expect(r.stdout).toMatch(/^released Sysmon 14\.13 \(vulnerable\) on .*: Sysmon64\.exe \d+ bytes sha256 [0-9a-f]{64}$/m);
    const release = show(home).releases[0];
    expect(release).toMatchObject({ version: '14.13', vulnerable: true });
    expect(release.releasedMs - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(sysward(['sim', 'release', '14.13', '--home', home])).toMatchObject({ code: 1, stderr: expect.stringContaining('already released') });
    expect(sysward(['sim', 'release', 'latest', '--home', home]).code).toBe(2);
    expect(sysward(['sim', 'release', '--home', home]).code).toBe(2);
  });

  it('set-os and clock advance validate their input', () => {
    const home = newHome();
    expect(sysward(['sim', 'set-os', '10.0.17763.5000', '--product-type', 'server', '--home', home]).stdout).toContain('Windows Server 2019 Standard 1809 (10.0.17763.5000, server)');
    expect(sysward(['sim', 'set-os', 'vista', '--home', home]).code).toBe(2);
    expect(sysward(['sim', 'clock', 'advance', '30 days', '--home', home])).toMatchObject({ code: 2, stderr: expect.stringContaining('is not like 30d') });
  });

  it('show prints a readable dump', () => {
    const home = newHome();
    const text = sysward(['sim', 'show', '--home', home]).stdout;
    for (const part of ['host SIMHOST', 'boots:', 'sysmon:', 'services:', 'channels:', 'releases:', 'WinDefend']) expect(text).toContain(part);
  });
});
