/**
 * The `sysward` command as operators and scripts use it: exit codes, output
 * shapes and messages are an interface (issue #2). Runs the built launcher.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot, describeWithCorpus } from '../../../tools/testing/corpus';

const BIN = path.join(repoRoot, 'apps', 'cli', 'bin', 'sysward.js');
const SAMPLES = path.join(repoRoot, 'samples', 'recordings');

function sysward(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(repoRoot, 'apps', 'cli', 'dist', 'main.js'))) spawnSync('npx', ['tsc', '-b'], { cwd: repoRoot, stdio: 'inherit' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysward-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('sysward --help and unknown input', () => {
  it('lists the commands', () => {
    const r = sysward(['--help']);
    expect(r.code).toBe(0);
    for (const word of ['start', 'evtx dump', 'replay', '--home']) expect(r.stdout).toContain(word);
  });
  it('rejects an unknown command with exit 2 and the help', () => {
    const r = sysward(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });
  it('rejects an unknown option naming it', () => {
    const r = sysward(['replay', SAMPLES, '--out', path.join(tmp, 'x'), '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --bogus');
  });
});

describe('sysward evtx dump (R-REL-2: bad input gets a clear error)', () => {
  it('prints one JSON object per record with the documented keys, and a summary on stderr', () => {
    const file = path.join(SAMPLES, 'evtx-to-mitre__ID1-LSASS_dump_with_LSASSY_SYSMON.evtx');
    const r = sysward(['evtx', 'dump', file]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(14);
    expect(Object.keys(lines[0]).slice(0, 11)).toEqual([
      'record_id', 'time_created', 'provider', 'channel', 'event_id', 'version', 'computer', 'process_id', 'thread_id', 'user_sid', 'event_data',
    ]);
    expect(lines[0].time_created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(r.stderr).toMatch(/records 14, recovered 0, damaged chunks 0, record errors 0/);
  });
  it('exits 2 with the file named when a file is not .evtx, and still dumps the others', () => {
    const bad = path.join(tmp, 'not-a-log.evtx');
    fs.writeFileSync(bad, 'hello, this is text\n'.repeat(100));
    const good = path.join(SAMPLES, 'evtx-to-mitre__ID3-7-10-Suspicious_DLL_loaded_CME_Mimikatz.evtx');
    const r = sysward(['evtx', 'dump', bad, good]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: not an .evtx file`);
    expect(r.stdout.trim().split('\n')).toHaveLength(5);
  });
  it('exits 2 for a missing file, naming it', () => {
    const r = sysward(['evtx', 'dump', path.join(tmp, 'nope.evtx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.evtx: no such file');
  });
  it('exits 0 for an empty but valid .evtx (header only)', () => {
    const file = path.join(tmp, 'empty.evtx');
    const header = Buffer.alloc(4096);
    header.write('ElfFile\0', 0, 'latin1');
    header.writeUInt32LE(128, 32);
    header.writeUInt16LE(1, 36);
    header.writeUInt16LE(3, 38);
    header.writeUInt16LE(4096, 40);
    fs.writeFileSync(file, header);
    const r = sysward(['evtx', 'dump', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/records 0/);
  });
});

describeWithCorpus('sysward evtx dump on damaged real files (BUG-01, BUG-02)', (corpus) => {
  it.each(['bug01b-chunk-header-overstates.evtx', 'bug02-dirty-headers-lag-data.evtx'])('%s: exit 0, every record', (name) => {
    const r = sysward(['evtx', 'dump', path.join(corpus, 'crafted', name)]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(14);
  });
});

describeWithCorpus('sysward replay (R-MON-7, R-MON-1)', (corpus) => {
  it('delivers every Sysmon event of ids 1,3,8,10,13,25, prints a summary, exits 0; a second run resumes with nothing new', () => {
    const out = path.join(tmp, 'replay-out');
    const home = path.join(tmp, 'replay-home');
    const r = sysward(['replay', SAMPLES, '--out', out, '--home', home]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('replay complete');
    let expected = 0;
    for (const f of fs.readdirSync(SAMPLES)) {
      const exp = JSON.parse(fs.readFileSync(path.join(corpus, 'evtx', f.replace(/\.evtx$/, '.expected.json')), 'utf8'));
      for (const id of ['1', '3', '8', '10', '13', '25']) expected += (exp.sysmon?.focus_record_ids?.[id] ?? []).length;
    }
    const delivered = fs
      .readdirSync(out)
      .filter((f) => /^events-\d+\.ndjson$/.test(f))
      .flatMap((f) => fs.readFileSync(path.join(out, f), 'utf8').trim().split('\n'))
      .map((l) => JSON.parse(l));
    expect(delivered).toHaveLength(expected);
    expect(r.stdout).toMatch(new RegExp(`delivered\\s+${expected}\\b`));
    expect(r.stdout).toMatch(/sysmon ids not forwarded\s+2:\d+/);

    const again = sysward(['replay', SAMPLES, '--out', out, '--home', home]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/delivered\s+0\b/);
  });

  it('reports an unreadable file and still replays the rest (exit 1)', () => {
    const bad = path.join(tmp, 'garbage.evtx');
    fs.writeFileSync(bad, Buffer.alloc(70000, 0x41));
    const r = sysward(['replay', bad, path.join(SAMPLES, 'evtx-to-mitre__ID1-LSASS_dump_with_LSASSY_SYSMON.evtx'), '--out', path.join(tmp, 'o2'), '--home', path.join(tmp, 'h2')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${bad}: `);
    expect(r.stdout).toMatch(/delivered\s+3\b/);
  });

  it('needs --out and at least one path', () => {
    expect(sysward(['replay', SAMPLES]).code).toBe(2);
    expect(sysward(['replay', '--out', path.join(tmp, 'o3')]).code).toBe(2);
    const missing = sysward(['replay', path.join(tmp, 'nope'), '--out', path.join(tmp, 'o3')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });
});
