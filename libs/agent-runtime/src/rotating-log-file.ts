import * as fs from 'node:fs';
import * as path from 'node:path';

export interface RotatingLogFileOptions {
  dir: string;
  /** Files are `<base>.<N>.log`, N counting up; the highest N is the current file. */
  base: string;
  maxBytes: number;
  /** Older files kept besides the current one. */
  keep: number;
}

/**
 * A pino destination that writes synchronously and rotates by size, opening
 * a new numbered file rather than renaming the old one (renaming a file that
 * a log shipper holds open fails on Windows). Ours instead of pino-roll: the
 * idle footprint target (R-PERF-1, 20 MB private) leaves no room for the
 * date library pino-roll loads.
 */
export class RotatingLogFile {
  private fd: number;
  private index: number;
  private size: number;

  constructor(private readonly options: RotatingLogFileOptions) {
    fs.mkdirSync(options.dir, { recursive: true });
    const existing = this.numbers();
    this.index = existing.length > 0 ? existing[existing.length - 1] : 1;
    this.fd = fs.openSync(this.fileOf(this.index), 'a');
    this.size = fs.fstatSync(this.fd).size;
  }

  /** pino calls this with one serialised line. */
  write(line: string): boolean {
    const bytes = Buffer.from(line, 'utf8');
    if (this.size > 0 && this.size + bytes.length > this.options.maxBytes) this.rotate();
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(this.fd, bytes, written, bytes.length - written);
    this.size += bytes.length;
    return true;
  }

  get currentFile(): string {
    return this.fileOf(this.index);
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  private rotate(): void {
    fs.closeSync(this.fd);
    this.index += 1;
    this.fd = fs.openSync(this.fileOf(this.index), 'a');
    this.size = 0;
    for (const n of this.numbers()) {
      if (n <= this.index - 1 - this.options.keep) fs.rmSync(this.fileOf(n), { force: true });
    }
  }

  private fileOf(n: number): string {
    return path.join(this.options.dir, `${this.options.base}.${n}.log`);
  }

  private numbers(): number[] {
    const pattern = new RegExp(`^${this.options.base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.log$`);
    return fs
      .readdirSync(this.options.dir)
      .map((name) => pattern.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  }
}

/** Parses a size like '10m', '512k' or a byte count. */
export function parseSize(text: string): number {
  const m = /^(\d+)([kmg]?)$/i.exec(text.trim());
  if (!m) throw new Error(`log rotation size must look like 10m, 512k or a byte count, got ${JSON.stringify(text)}`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}
