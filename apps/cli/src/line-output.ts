/**
 * Text lines to a stream in large UTF-8 chunks, for commands that print hundreds of
 * MB (`sysward evtx dump`). Each line is encoded once, straight into the chunk being
 * filled; a full chunk is handed to the stream and a new one started, so nothing is
 * concatenated and memory stays bounded:
 * - chunks are 256 KiB, allocated outside the malloc heap (mmap), so they go back to
 *   the OS when collected instead of fragmenting the heap;
 * - the stream's back-pressure is honoured ('drain'), and a write error comes back
 *   from a later call instead of being lost;
 * - no promise or callback is made per line. (Before: a 64 KiB string per write, each
 *   with its own callback and an await, kept the dump's chunks alive to the end: 280 MB
 *   of private memory for a 230 MB dump.)
 */

const CHUNK_BYTES = 256 * 1024;

/** Buffer#utf8Write is what write(text, offset, 'utf8') ends in; calling it directly skips the argument checks, per line. */
interface Utf8Writing {
  utf8Write(text: string, offset: number): number;
}
const hasUtf8Write = typeof (Buffer.prototype as Partial<Utf8Writing>).utf8Write === 'function';

function utf8Write(chunk: Buffer, text: string, offset: number): number {
  return hasUtf8Write ? (chunk as unknown as Utf8Writing).utf8Write(text, offset) : chunk.write(text, offset, 'utf8');
}
/** Let the stream's queued write callbacks run this often (they are scheduled, not called in place). */
const YIELD_EVERY_CHUNKS = 16;

export class LineOutput {
  private chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private used = 0;
  private chunksWritten = 0;
  /** Writes handed over whose callback has not run yet. */
  private pending = 0;
  private whenSettled: (() => void) | null = null;
  private error: Error | null = null;
  private readonly onWritten = (error?: Error | null): void => {
    this.pending--;
    if (error && this.error === null) this.error = error;
    if (this.whenSettled !== null && (this.pending === 0 || this.error !== null)) this.whenSettled();
  };

  constructor(private readonly stream: NodeJS.WritableStream) {}

  /**
   * Adds `text` and a newline. Returns a promise only when the stream asks to wait;
   * the caller must await it before the next line.
   */
  line(text: string): Promise<void> | undefined {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const worst = 3 * text.length + 1;
    if (this.used + worst > CHUNK_BYTES) {
      const waiting = this.handOverChunk();
      if (worst > CHUNK_BYTES) return this.writeAlone(waiting, text);
      if (waiting !== undefined) return waiting.then(() => this.line(text));
    }
    this.used += utf8Write(this.chunk, text, this.used);
    this.chunk[this.used++] = 0x0a;
    return undefined;
  }

  /** Hands what is buffered to the stream (e.g. before a message on another stream). */
  async flush(): Promise<void> {
    await this.handOverChunk();
  }

  /** Flushes and resolves once the stream has written everything; rejects with a write error. */
  async end(): Promise<void> {
    await this.flush();
    if (this.pending > 0 && this.error === null) await new Promise<void>((resolve) => (this.whenSettled = resolve));
    this.whenSettled = null;
    this.throwIfFailed();
  }

  private async writeAlone(waiting: Promise<void> | undefined, text: string): Promise<void> {
    if (waiting !== undefined) await waiting;
    // Longer than a chunk could hold: straight to the stream, on its own.
    await this.handOver(text + '\n');
  }

  private handOverChunk(): Promise<void> | undefined {
    this.throwIfFailed();
    if (this.used === 0) return undefined;
    const full = this.chunk.subarray(0, this.used);
    // The stream holds on to `full` until it is written: it is never reused.
    this.chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    this.used = 0;
    return this.handOver(full);
  }

  private handOver(data: Buffer | string): Promise<void> | undefined {
    this.pending++;
    const ok = this.stream.write(data, this.onWritten);
    this.chunksWritten++;
    if (!ok) return this.drained();
    if (this.chunksWritten % YIELD_EVERY_CHUNKS === 0) return new Promise((resolve) => setImmediate(resolve));
    return undefined;
  }

  /** Resolves on 'drain', or when the stream fails or closes (a failed stream never drains; the error comes from the next call). */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
  }

  private throwIfFailed(): void {
    if (this.error !== null) throw this.error;
  }
}
