/**
 * The installer's composition root: platform choice, the manifest key rules
 * (R-INS-9, ADR 0603), and the process end to end on a simulated host (--once).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SimHost } from '@sysward/platform-sim';
import { choosePlatform, selectPlatform } from '../src/main/select-platform';
import { chooseManifestKey, DEVELOPMENT_KEY_WARNING, ManifestKeyError } from '../src/main/manifest-key';

const MAIN = path.join(__dirname, '..', 'dist', 'main.js');
const DAY = 86_400_000;

describe('selectPlatform (seam 5)', () => {
  it('a simulated host wins when asked for or present; Windows without the adapter is NOT_SUPPORTED', () => {
    expect(choosePlatform({ sim: false, simExists: true, platform: 'win32' })).toEqual({ kind: 'sim' });
    expect(choosePlatform({ sim: true, simExists: false, platform: 'linux' })).toEqual({ kind: 'sim' });
    expect(choosePlatform({ sim: false, simExists: false, platform: 'win32' })).toEqual({ kind: 'windows' });
    expect(choosePlatform({ sim: false, simExists: false, platform: 'linux' }).kind).toBe('none');
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sysward-inst-main-'));
    try {
      expect(() => selectPlatform({ home, sim: false }, 'win32')).toThrow(expect.objectContaining({ code: 'NOT_SUPPORTED' }));
      expect(() => selectPlatform({ home, sim: false }, 'linux')).toThrow(expect.objectContaining({ code: 'NOT_SUPPORTED' }));
      expect(() => selectPlatform({ home, sim: true }, 'linux')).toThrow(/sysward sim init/);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('R-INS-9: which key verifies the manifest', () => {
  it('development key only for a sim, and only in a test environment or with --development-key (which warns)', () => {
    expect(() => chooseManifestKey({ keyFile: null, developmentKey: true, sim: false, env: {} })).toThrow(ManifestKeyError);
    expect(() => chooseManifestKey({ keyFile: null, developmentKey: false, sim: true, env: {} })).toThrow(/SYSWARD_TEST_MODE=1 or pass --development-key/);
    expect(chooseManifestKey({ keyFile: null, developmentKey: false, sim: true, env: { SYSWARD_TEST_MODE: '1' } }).warning).toBeNull();
    const flagged = chooseManifestKey({ keyFile: null, developmentKey: true, sim: true, env: {} });
    expect(flagged.warning).toBe(DEVELOPMENT_KEY_WARNING);
    expect(flagged.env.SYSWARD_TEST_MODE).toBe('1');
  });
});

describe('sysmon-installer process on a simulated host', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sysward-inst-proc-'));
    const host = SimHost.create(home);
    host.publishRelease('15.15', { releasedMs: host.clock.now() - 60 * DAY });
    host.close();
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [MAIN, '--home', home, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 15_000 });

  it('refuses the development key outside tests (exit 2), and installs with SYSWARD_TEST_MODE=1', () => {
    const refused = run(['--once']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/development key/);
    const first = run(['--once'], { SYSWARD_TEST_MODE: '1' });
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ sysmonState: 'managed', sysmonVersion: '15.15' });
    const host = SimHost.open(home);
    return host.ports.services
      .query('Sysmon64')
      .then((s) => expect(s?.state).toBe('running'))
      .finally(() => host.close());
  });

  it('--development-key prints the loud warning and works on the sim', () => {
    const result = run(['--once', '--development-key']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('COMMITTED DEVELOPMENT KEY');
    expect(JSON.parse(result.stdout).sysmonState).toBe('managed');
  });
});
