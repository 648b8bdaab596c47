/**
 * tools/codegen/generate-proto.js: CI runs it with --check, so it must say clearly when
 * committed generated code is stale, and refuse a broken targets file.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const script = path.join(repoRoot, 'tools', 'codegen', 'generate-proto.js');

function run(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function withTargets(targets: unknown, body: (file: string, dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codegen-test-'));
  try {
    const file = path.join(dir, 'targets.json');
    fs.writeFileSync(file, JSON.stringify(targets));
    body(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('codegen: generated protobuf code is committed and checked (CI runs --check)', () => {
  it('writes deterministic output equal to the committed code; --check passes, then exits 1 naming stale and missing files', () => {
    withTargets({ targets: [{ name: 'events', protoFiles: ['proto/sysward/events/v1/events.proto'], outDir: 'OUT' }] }, (file, dir) => {
      const outDir = path.join(dir, 'out');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"OUT"', JSON.stringify(outDir)));
      expect(run(['--targets', file]).status).toBe(0);
      expect(run(['--check', '--targets', file])).toEqual({ status: 0, out: expect.stringMatching(/up to date/) });
      // The output is the committed one: deterministic, and nothing machine-specific in it.
      const committed = path.join(repoRoot, 'libs', 'event-schema', 'generated');
      for (const f of ['events.js', 'events.d.ts']) {
        expect(fs.readFileSync(path.join(outDir, f), 'utf8')).toBe(fs.readFileSync(path.join(committed, f), 'utf8'));
      }

      fs.appendFileSync(path.join(outDir, 'events.d.ts'), '\n// edited by hand\n');
      fs.rmSync(path.join(outDir, 'events.js'));
      const stale = run(['--check', '--targets', file]);
      expect(stale.status).toBe(1);
      expect(stale.out).toMatch(/generated protobuf code is stale:[\s\S]*events\.js \(missing\)[\s\S]*events\.d\.ts \(differs\)[\s\S]*Run `npm run codegen`/);
    });
  });

  it.each<[string, unknown, RegExp]>([
    ['no targets', { targets: [] }, /expected \{"targets": \[ \.\.\. \]\} with at least one target/],
    ['a bad name', { targets: [{ name: 'Bad-Name', protoFiles: ['x'], outDir: 'o' }] }, /targets\[0\]\.name: expected an identifier/],
    ['a missing proto file', { targets: [{ name: 'x', protoFiles: ['proto/nope.proto'], outDir: 'o' }] }, /targets\[0\]\.protoFiles: proto\/nope\.proto does not exist/],
    [
      'a duplicate name',
      { targets: [{ name: 'x', protoFiles: ['proto/sysward/events/v1/events.proto'], outDir: 'o' }, { name: 'x', protoFiles: ['proto/sysward/events/v1/events.proto'], outDir: 'p' }] },
      /targets\[1\]\.name: "x" is used by another target/,
    ],
  ])('refuses a targets file with %s', (_title, targets, message) => {
    withTargets(targets, (file) => {
      const r = run(['--check', '--targets', file]);
      expect(r.status).toBe(1);
      expect(r.out).toMatch(message);
    });
  });

  it('refuses an unknown argument', () => {
    const r = run(['--frobnicate']);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/unknown argument --frobnicate/);
  });
});
