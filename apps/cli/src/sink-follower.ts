import * as fs from 'node:fs';
import * as path from 'node:path';

/** Counts the lines of the NDJSON sink's files, reading only what was appended since the last poll. */
export class SinkFollower {
  private readonly seen = new Map<string, { bytes: number; lines: number }>();

  constructor(private readonly dir: string) {}

  poll(): number {
    let total = 0;
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.dir).filter((n) => /^events-\d+\.ndjson$/.test(n));
    } catch {
      return 0;
    }
    for (const name of names) {
      const file = path.join(this.dir, name);
      const prev = this.seen.get(file) ?? { bytes: 0, lines: 0 };
      const size = fs.statSync(file).size;
      if (size < prev.bytes) prev.bytes = prev.lines = 0;
      if (size > prev.bytes) {
        const fd = fs.openSync(file, 'r');
        const buf = Buffer.alloc(size - prev.bytes);
        fs.readSync(fd, buf, 0, buf.length, prev.bytes);
        fs.closeSync(fd);
        let lines = 0;
        for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
        prev.lines += lines;
        prev.bytes = size;
      }
      this.seen.set(file, prev);
      total += prev.lines;
    }
    return total;
  }
}
