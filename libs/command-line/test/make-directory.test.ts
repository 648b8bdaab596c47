import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeDirectory, DirectoryError } from '@sysward/command-line';

describe('makeDirectory (R-REL-2: a bad --home or --out is a clear error, never a hang)', () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mkdir-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('creates every missing level and accepts an existing directory', () => {
    const dir = path.join(tmp, 'a', 'b', 'c');
    expect(makeDirectory(dir, '--home')).toBe(dir);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(makeDirectory(dir, '--home')).toBe(dir);
  });

  it('names the setting and the file that is in the way', () => {
    fs.writeFileSync(path.join(tmp, 'file'), 'x');
    expect(() => makeDirectory(path.join(tmp, 'file', 'sub'), '--out')).toThrow(DirectoryError);
    expect(() => makeDirectory(path.join(tmp, 'file', 'sub'), '--out')).toThrow(/--out .*file\/sub: .*a parent is not a directory/);
    expect(() => makeDirectory(path.join(tmp, 'file'), '--out')).toThrow(/not a directory/);
  });

  const procfs = fs.existsSync('/proc/self') ? it : it.skip;
  procfs('refuses a path under /proc instead of looping forever (Node recursive mkdir hangs there)', () => {
    expect(() => makeDirectory('/proc/sysward-test/x', '--home')).toThrow(/--home \/proc\/sysward-test\/x: cannot create \/proc\/sysward-test/);
  });
});
