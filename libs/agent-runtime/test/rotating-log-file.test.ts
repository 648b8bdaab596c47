import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSize, RotatingLogFile } from '../src/rotating-log-file';

describe('RotatingLogFile: size-based rotation into numbered files', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rotlog-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('opens a new numbered file when full, keeps only `keep` older ones, and continues the newest after a restart', () => {
    const log = new RotatingLogFile({ dir, base: 'supervisor', maxBytes: 100, keep: 2 });
    for (let i = 0; i < 20; i++) log.write(`${JSON.stringify({ i, pad: 'x'.repeat(20) })}\n`);
    log.close();
    const files = fs.readdirSync(dir).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    expect(files.length).toBe(3);
    const newest = files[files.length - 1];
    const again = new RotatingLogFile({ dir, base: 'supervisor', maxBytes: 100, keep: 2 });
    expect(path.basename(again.currentFile)).toBe(newest);
    again.close();
    for (const f of files) for (const line of fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });

  it.each([
    ['10m', 10 * 1024 * 1024],
    ['512k', 512 * 1024],
    ['2048', 2048],
  ])('parseSize(%s) = %d', (text, bytes) => expect(parseSize(text)).toBe(bytes));

  it('rejects a size it cannot read, saying what it expects', () => {
    expect(() => parseSize('ten megs')).toThrow(/10m, 512k or a byte count/);
  });
});
