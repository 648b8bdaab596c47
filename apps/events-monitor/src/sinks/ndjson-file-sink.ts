import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DeliveryBatchItem, Sink } from './sink';

export interface NdjsonFileSinkOptions {
  dir: string;
  /** Start a new file once the current one reaches this size. */
  maxFileBytes: number;
  /** Turns one outbox payload into the JSON text of one line (no newline). */
  render: (payload: Uint8Array) => string;
  /**
   * Who feeds this folder (the monitor's state file). Two different states
   * writing one folder would interleave streams whose duplicates carry
   * different keys, so a folder belongs to the first state that used it.
   */
  owner?: string;
}

export class SinkOwnershipError extends Error {
  override readonly name = 'SinkOwnershipError';
}

const OWNER_FILE = '.sysward-sink-owner';

/** Claims `dir` for `owner` (exclusive create), or fails naming the state that owns it. */
function claimFolder(dir: string, owner: string): void {
  const file = path.join(dir, OWNER_FILE);
  try {
    fs.writeFileSync(file, owner + '\n', { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const current = fs.readFileSync(file, 'utf8').trim();
  if (current !== owner) {
    throw new SinkOwnershipError(
      `output folder ${dir} already receives the events of another Sysward state (${current}); ` +
        `use another output folder, or the same --home as before`,
    );
  }
}

const FILE_PATTERN = /^events-(\d{6})\.ndjson$/;

/**
 * The embedded default sink: one JSON object per line, in numbered files that
 * rotate by size (opening a new file rather than renaming, which also works
 * while another program reads the old one on Windows).
 *
 * A crash can leave half a line at the end of the newest file. That line was
 * never confirmed, so the outbox still holds it; on open the fragment is cut
 * off so every file stays valid NDJSON and the record arrives again whole.
 */
export class NdjsonFileSink implements Sink {
  readonly name = 'ndjson-file';
  private fd: number | null = null;
  private fileIndex = 0;
  private fileBytes = 0;

  constructor(private readonly options: NdjsonFileSinkOptions) {
    fs.mkdirSync(options.dir, { recursive: true });
    if (options.owner) claimFolder(options.dir, options.owner);
    const last = latestFileIndex(options.dir);
    this.fileIndex = last ?? 1;
    this.openCurrent();
  }

  get currentFile(): string {
    return path.join(this.options.dir, fileName(this.fileIndex));
  }

  async deliver(batch: DeliveryBatchItem[]): Promise<void> {
    if (batch.length === 0) return;
    let text = '';
    for (const item of batch) text += this.options.render(item.payload) + '\n';
    const bytes = Buffer.from(text, 'utf8');
    if (this.fileBytes > 0 && this.fileBytes + bytes.length > this.options.maxFileBytes) this.rotate();
    const fd = this.requireFd();
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
    fs.fsyncSync(fd);
    this.fileBytes += bytes.length;
  }

  async close(): Promise<void> {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }

  private rotate(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fileIndex += 1;
    this.openCurrent();
  }

  private openCurrent(): void {
    const file = this.currentFile;
    this.fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_APPEND, 0o640);
    this.fileBytes = cutUnterminatedTail(this.fd);
  }

  private requireFd(): number {
    if (this.fd === null) throw new Error(`ndjson sink for ${this.options.dir} is closed`);
    return this.fd;
  }
}

function fileName(index: number): string {
  return `events-${String(index).padStart(6, '0')}.ndjson`;
}

function latestFileIndex(dir: string): number | null {
  let latest: number | null = null;
  for (const entry of fs.readdirSync(dir)) {
    const m = FILE_PATTERN.exec(entry);
    if (m) latest = Math.max(latest ?? 0, Number(m[1]));
  }
  return latest;
}

/** Truncates anything after the last newline; returns the resulting size. */
function cutUnterminatedTail(fd: number): number {
  const size = fs.fstatSync(fd).size;
  if (size === 0) return 0;
  const window = Buffer.alloc(Math.min(size, 1 << 20));
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - window.length);
    const n = fs.readSync(fd, window, 0, end - start, start);
    const nl = window.subarray(0, n).lastIndexOf(0x0a);
    if (nl >= 0) {
      const keep = start + nl + 1;
      if (keep !== size) fs.ftruncateSync(fd, keep);
      return keep;
    }
    end = start;
  }
  fs.ftruncateSync(fd, 0);
  return 0;
}

/** Lists the sink's files in order (for readers and tests). */
export function listNdjsonFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => FILE_PATTERN.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}
