/**
 * A protobuf wire-format writer. protobufjs' Writer queues one operation object per
 * field and copies everything at finish(); at tens of thousands of events per second
 * those allocations dominated encoding. This writer writes bytes in place, reserving a
 * guessed length prefix for nested messages and moving the body when the guess was
 * wrong.
 *
 * Messages are written one after another into an arena of ARENA_BYTES and handed out
 * as views of it (no copy, no allocation per message); a full arena is left to the
 * garbage collector once no view of it is referenced, like Node's own Buffer pool.
 *
 * Strings must be well-formed UTF-16: protobufjs spells a lone surrogate differently
 * depending on the string's length, so such a value sets `failed` and the caller
 * leaves the message to protobufjs (as it does for anything else flagged there).
 */
import { isWellFormedText } from '../parse/text';

const ARENA_BYTES = 256 * 1024;
/** A message is started in a fresh arena when less than this is left. */
const ARENA_SLACK = 16 * 1024;
/** Strings shorter than this are encoded in JavaScript; longer ones by Buffer (one native call). */
const SHORT_STRING = 64;

export class ProtoWriter {
  private buf: Buffer = Buffer.allocUnsafeSlow(ARENA_BYTES);
  /** Where the message being written starts in `buf`. */
  private base = 0;
  private pos = 0;
  /** A value could not be written exactly as protobufjs writes it. */
  failed = false;

  /** Starts a new message after the previous one. */
  reset(): void {
    if (this.failed) this.pos = this.base; // nobody refers to a failed message's bytes
    if (this.buf.length - this.pos < ARENA_SLACK) {
      this.buf = Buffer.allocUnsafeSlow(ARENA_BYTES);
      this.pos = 0;
    }
    this.base = this.pos;
    this.failed = false;
  }

  /** The message written since reset(), as a Buffer view (what protobufjs' finish() returns is a Buffer too). */
  finish(): Buffer {
    return this.buf.subarray(this.base, this.pos);
  }

  /** Makes room for `bytes` more; a message outgrowing its arena moves to a bigger one. */
  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const written = this.pos - this.base;
    const bigger = Buffer.allocUnsafeSlow(Math.max(ARENA_BYTES, 2 * (written + bytes)));
    this.buf.copy(bigger, 0, this.base, this.pos);
    this.buf = bigger;
    this.base = 0;
    this.pos = written;
  }

  /** An unsigned 32-bit varint (tags, lengths, uint32 values after `>>> 0`). */
  varint32(value: number): void {
    this.ensure(5);
    const buf = this.buf;
    let pos = this.pos;
    while (value > 127) {
      buf[pos++] = (value & 127) | 128;
      value >>>= 7;
    }
    buf[pos++] = value;
    this.pos = pos;
  }

  /** A 64-bit varint from its unsigned 32-bit halves. */
  varint64(lo: number, hi: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    while (hi) {
      buf[pos++] = (lo & 127) | 128;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    while (lo > 127) {
      buf[pos++] = (lo & 127) | 128;
      lo >>>= 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  uint32(value: number): void {
    this.varint32(value >>> 0);
  }

  /** protobufjs' int32: negative values as ten-byte varints. */
  int32(value: number): void {
    if (value < 0) this.varint64(value >>> 0, 0xffffffff);
    else this.varint32(value >>> 0);
  }

  bool(value: unknown): void {
    this.ensure(1);
    this.buf[this.pos++] = value ? 1 : 0;
  }

  /** A 64-bit value as protobufjs' LongBits.from reads it: a number, or a Long-like {low, high}. */
  long(value: unknown): void {
    if (typeof value === 'number') {
      this.longFromNumber(value);
    } else if (typeof value === 'object' && value !== null) {
      const long = value as { low?: number; high?: number };
      if (long.low || long.high) this.varint64((long.low as number) >>> 0, (long.high as number) >>> 0);
      else this.varint32(0);
    } else {
      this.failed = true; // decimal strings and anything else: protobufjs' business
    }
  }

  private longFromNumber(value: number): void {
    if (value === 0) {
      this.varint32(0);
      return;
    }
    const sign = value < 0;
    if (sign) value = -value;
    let lo = value >>> 0;
    let hi = ((value - lo) / 4294967296) >>> 0;
    if (sign) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
      if (++lo > 4294967295) {
        lo = 0;
        if (++hi > 4294967295) hi = 0;
      }
    }
    this.varint64(lo, hi);
  }

  /** A length-prefixed UTF-8 string. */
  string(value: unknown): void {
    if (typeof value !== 'string' || !isWellFormedText(value)) {
      this.failed = true;
      return;
    }
    const length = value.length;
    if (length === 0) {
      this.ensure(1);
      this.buf[this.pos++] = 0;
      return;
    }
    if (length >= SHORT_STRING) {
      const bytes = Buffer.byteLength(value, 'utf8');
      this.varint32(bytes);
      this.ensure(bytes);
      this.buf.write(value, this.pos, bytes, 'utf8');
      this.pos += bytes;
      return;
    }
    // At most 3 bytes per UTF-16 unit: 192 bytes, a prefix of 1 or 2 bytes.
    this.ensure(2 + 3 * length);
    const buf = this.buf;
    const start = this.pos;
    let pos = start + 1;
    for (let i = 0; i < length; i++) {
      let c = value.charCodeAt(i);
      if (c < 0x80) {
        buf[pos++] = c;
      } else if (c < 0x800) {
        buf[pos++] = (c >> 6) | 0xc0;
        buf[pos++] = (c & 63) | 0x80;
      } else if ((c & 0xfc00) === 0xd800 && i + 1 < length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c & 0x03ff) << 10) + (value.charCodeAt(++i) & 0x03ff);
        buf[pos++] = (c >> 18) | 0xf0;
        buf[pos++] = ((c >> 12) & 63) | 0x80;
        buf[pos++] = ((c >> 6) & 63) | 0x80;
        buf[pos++] = (c & 63) | 0x80;
      } else {
        buf[pos++] = (c >> 12) | 0xe0;
        buf[pos++] = ((c >> 6) & 63) | 0x80;
        buf[pos++] = (c & 63) | 0x80;
      }
    }
    const bytes = pos - start - 1;
    if (bytes < 128) {
      buf[start] = bytes;
      this.pos = pos;
    } else {
      buf.copyWithin(start + 2, start + 1, pos);
      buf[start] = (bytes & 127) | 128;
      buf[start + 1] = bytes >>> 7;
      this.pos = pos + 1;
    }
  }

  /** Length-prefixed bytes (a Uint8Array; protobufjs' base64 strings are left to it). */
  bytes(value: unknown): void {
    if (!(value instanceof Uint8Array)) {
      this.failed = true;
      return;
    }
    const length = value.length;
    this.varint32(length);
    if (length === 0) return;
    this.ensure(length);
    this.buf.set(value, this.pos);
    this.pos += length;
  }

  /** Starts a length-delimited body, reserving `guess` bytes for its length; returns the mark for end(). */
  begin(guess: 1 | 2): number {
    this.ensure(guess);
    // Relative to the message start: ensure() may move the message to another arena.
    const mark = this.pos - this.base;
    this.pos += guess;
    return mark * 4 + guess;
  }

  /** Writes the length of the body started at `mark`, moving the body if the reserved room was wrong. */
  end(mark: number): void {
    const guess = mark & 3;
    let start = (mark - guess) / 4 + this.base;
    const bodyStart = start + guess;
    const length = this.pos - bodyStart;
    const needed = length < 128 ? 1 : length < 16384 ? 2 : length < 2097152 ? 3 : length < 268435456 ? 4 : 5;
    if (needed !== guess) {
      const relativeStart = start - this.base;
      this.ensure(needed - guess);
      start = relativeStart + this.base;
      this.buf.copyWithin(start + needed, start + guess, this.pos);
      this.pos += needed - guess;
    }
    const buf = this.buf;
    let pos = start;
    let value = length;
    while (value > 127) {
      buf[pos++] = (value & 127) | 128;
      value >>>= 7;
    }
    buf[pos] = value;
  }
}
