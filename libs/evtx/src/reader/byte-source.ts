import * as fs from 'node:fs';

/**
 * Random-access bytes of a recording: a file read with positioned reads, or a
 * Buffer already in memory. The reader never needs more than one chunk at a time.
 */
export interface ByteSource {
  /** Name used in messages (the path, or "<buffer>"). */
  readonly label: string;
  readonly size: number;
  /** Copies up to `length` bytes from `position` into `target` (from 0); returns the count copied. */
  readInto(target: Buffer, position: number, length: number): number;
  /** Zero-copy view when the bytes are in memory; null for files. */
  view(position: number, length: number): Buffer | null;
  close(): void;
}

export class FileSource implements ByteSource {
  readonly size: number;
  private fd: number | null;

  constructor(readonly label: string) {
    this.fd = fs.openSync(label, 'r');
    try {
      this.size = fs.fstatSync(this.fd).size;
    } catch (error) {
      fs.closeSync(this.fd);
      throw error;
    }
  }

  readInto(target: Buffer, position: number, length: number): number {
    if (this.fd === null) throw new Error(`${this.label}: read after close`);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.fd, target, done, length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  view(): Buffer | null {
    return null;
  }

  close(): void {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }
}

export class BufferSource implements ByteSource {
  readonly size: number;

  constructor(
    private readonly bytes: Buffer,
    readonly label = '<buffer>',
  ) {
    this.size = bytes.length;
  }

  readInto(target: Buffer, position: number, length: number): number {
    if (position >= this.size) return 0;
    return this.bytes.copy(target, 0, position, Math.min(this.size, position + length));
  }

  view(position: number, length: number): Buffer {
    return this.bytes.subarray(position, Math.min(this.size, position + length));
  }

  close(): void {
    // Nothing to release; the caller owns the buffer.
  }
}
