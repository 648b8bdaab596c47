/**
 * A small .evtx writer for tests: builds chunks whose records hold BinXML
 * written from a declarative tree, with templates defined inline (first use)
 * or referenced by offset, names inline or shared, nested BinXML values, and
 * every checksum right unless a test overrides it. Written from the libyal
 * format description, independently of the reader under test.
 */
import * as zlib from 'node:zlib';

export const CHUNK_SIZE = 65536;
export const FILE_HEADER_SIZE = 4096;

// ---- the tree ---------------------------------------------------------------

export type Part =
  | { text: string }
  | { sub: number; type: number; optional?: boolean }
  | { cdata: string }
  | { charRef: number }
  | { entity: string };

export interface Element {
  el: string;
  attrs?: Array<[string, Part[]]>;
  children?: Array<Element | Part | { pi: string; data: string }>;
}

/** A substitution value: fixed bytes, or BinXML written in place (its offsets are chunk-relative). */
export type Value = { type: number; bytes: Buffer } | { type: number; write: (w: ChunkWriter) => void };

export const text = (t: string): Part => ({ text: t });
export const sub = (index: number, type = 0x01): Part => ({ sub: index, type });
export const opt = (index: number, type = 0x01): Part => ({ sub: index, type, optional: true });

// ---- value encoders -----------------------------------------------------------

export const utf16 = (s: string): Buffer => Buffer.from(s, 'utf16le');
export const v = {
  null: (): Value => ({ type: 0x00, bytes: Buffer.alloc(0) }),
  str: (s: string): Value => ({ type: 0x01, bytes: utf16(s) }),
  raw: (type: number, bytes: Buffer | number[]): Value => ({ type, bytes: Buffer.from(bytes) }),
  u8: (n: number): Value => ({ type: 0x04, bytes: Buffer.from([n]) }),
  u16: (n: number): Value => {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(n);
    return { type: 0x06, bytes: b };
  },
  u32: (n: number): Value => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return { type: 0x08, bytes: b };
  },
  u64: (n: bigint): Value => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(n);
    return { type: 0x0a, bytes: b };
  },
  hex64: (n: bigint): Value => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(n);
    return { type: 0x15, bytes: b };
  },
  /** BinXML booleans are 32-bit. */
  bool: (flag: boolean): Value => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(flag ? 1 : 0);
    return { type: 0x0d, bytes: b };
  },
  guid: (text: string): Value => ({ type: 0x0f, bytes: guidBytes(text) }),
  filetime: (ticks: bigint): Value => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(ticks);
    return { type: 0x11, bytes: b };
  },
  sid: (text: string): Value => ({ type: 0x13, bytes: sidBytes(text) }),
  binxml: (write: (w: ChunkWriter) => void): Value => ({ type: 0x21, write }),
};

export function guidBytes(text: string): Buffer {
  const hex = text.replace(/[{}-]/g, '');
  const b = Buffer.from(hex, 'hex');
  // First three groups are little-endian on disk.
  return Buffer.concat([Buffer.from(b.subarray(0, 4)).reverse(), Buffer.from(b.subarray(4, 6)).reverse(), Buffer.from(b.subarray(6, 8)).reverse(), b.subarray(8)]);
}

export function sidBytes(text: string): Buffer {
  const [, revision, authority, ...subs] = text.split('-');
  const b = Buffer.alloc(8 + 4 * subs.length);
  b[0] = Number(revision);
  b[1] = subs.length;
  b.writeUIntBE(Number(authority), 2, 6);
  subs.forEach((s, i) => b.writeUInt32LE(Number(s), 8 + 4 * i));
  return b;
}

/** FILETIME ticks of an ISO time with up to 7 fractional digits. */
export function filetimeOf(iso: string): bigint {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(iso);
  if (!m) throw new Error(`bad time ${iso}`);
  const ms = Date.parse(`${m[1]}Z`);
  const fraction = BigInt(`${m[2] ?? ''}0000000`.slice(0, 7));
  return BigInt(ms) * 10000n + 116444736000000000n + fraction;
}

// ---- chunk writer -------------------------------------------------------------

export interface TemplateRef {
  offset: number;
  id: number;
}

export interface ChunkOverrides {
  firstRecordId?: number;
  lastRecordId?: number;
  freeSpaceOffset?: number;
  lastRecordOffset?: number;
  /** Keep the header CRC as computed from the final fields (default), or break it. */
  breakHeaderCrc?: boolean;
  breakRecordsCrc?: boolean;
  flags?: number;
}

export class ChunkWriter {
  readonly buf = Buffer.alloc(CHUNK_SIZE);
  pos = 512;
  private readonly names = new Map<string, number>();
  readonly recordOffsets: number[] = [];
  readonly recordIds: number[] = [];
  private nextTemplateId = 1;
  /** Element start tags without the 2-byte dependency id (BinXML values may omit it). */
  omitDependencyId = false;

  u8(n: number): void {
    this.buf[this.pos++] = n;
  }
  u16(n: number): void {
    this.buf.writeUInt16LE(n, this.pos);
    this.pos += 2;
  }
  u32(n: number): void {
    this.buf.writeUInt32LE(n >>> 0, this.pos);
    this.pos += 4;
  }
  bytes(b: Buffer): void {
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }
  utf16(s: string): void {
    this.bytes(utf16(s));
  }

  /** A name reference: inline the first time a name is used in the chunk, by offset afterwards. */
  nameRef(name: string): void {
    const known = this.names.get(name);
    if (known !== undefined) {
      this.u32(known);
      return;
    }
    const offset = this.pos + 4;
    this.u32(offset);
    this.names.set(name, offset);
    this.u32(0); // next name in hash chain
    this.u16(0); // hash (not checked by readers)
    this.u16(name.length);
    this.utf16(name);
    this.u16(0);
  }

  part(p: Part, more: boolean): void {
    const flag = more ? 0x40 : 0;
    if ('text' in p) {
      this.u8(0x05 | flag);
      this.u8(0x01);
      this.u16(p.text.length);
      this.utf16(p.text);
    } else if ('sub' in p) {
      this.u8(p.optional ? 0x0e : 0x0d);
      this.u16(p.sub);
      this.u8(p.type);
    } else if ('cdata' in p) {
      this.u8(0x07 | flag);
      this.u16(p.cdata.length);
      this.utf16(p.cdata);
    } else if ('charRef' in p) {
      this.u8(0x08 | flag);
      this.u16(p.charRef);
    } else {
      this.u8(0x09 | flag);
      this.nameRef(p.entity);
    }
  }

  element(e: Element): void {
    const attrs = e.attrs ?? [];
    this.u8(attrs.length > 0 ? 0x41 : 0x01);
    if (!this.omitDependencyId) this.u16(0xffff);
    const sizeAt = this.pos;
    this.u32(0);
    this.nameRef(e.el);
    if (attrs.length > 0) {
      const listAt = this.pos;
      this.u32(0);
      attrs.forEach(([name, parts], i) => {
        this.u8(i < attrs.length - 1 ? 0x46 : 0x06);
        this.nameRef(name);
        parts.forEach((p, j) => this.part(p, j < parts.length - 1));
      });
      this.buf.writeUInt32LE(this.pos - listAt - 4, listAt);
    }
    const children = e.children ?? [];
    if (children.length === 0) {
      this.u8(0x03);
    } else {
      this.u8(0x02);
      children.forEach((c, i) => {
        if ('el' in c) this.element(c);
        else if ('pi' in c) {
          this.u8(0x0a);
          this.nameRef(c.pi);
          this.u8(0x0b);
          this.u16(c.data.length);
          this.utf16(c.data);
        } else this.part(c, i < children.length - 1 && !('el' in children[i + 1]));
      });
      this.u8(0x04);
    }
    this.buf.writeUInt32LE(this.pos - sizeAt - 4, sizeAt);
  }

  fragmentHeader(): void {
    this.bytes(Buffer.from([0x0f, 0x01, 0x01, 0x00]));
  }

  /**
   * A template instance. With a tree, the definition is written inline (and
   * returned for reuse); with a TemplateRef, the earlier definition is referenced.
   */
  templateInstance(template: Element | TemplateRef, values: Value[]): TemplateRef {
    this.u8(0x0c);
    this.u8(0x01);
    let ref: TemplateRef;
    if ('el' in template) {
      const id = this.nextTemplateId++;
      this.u32(id);
      const offset = this.pos + 4;
      this.u32(offset);
      ref = { offset, id };
      this.u32(0); // next template
      const guid = Buffer.alloc(16);
      guid.writeUInt32LE(id);
      guid.write('sysward-test', 4, 'latin1');
      this.bytes(guid);
      const sizeAt = this.pos;
      this.u32(0);
      this.fragmentHeader();
      this.element(template);
      this.u8(0x00);
      this.buf.writeUInt32LE(this.pos - sizeAt - 4, sizeAt);
    } else {
      ref = template;
      this.u32(ref.id);
      this.u32(ref.offset);
    }
    this.values(values);
    return ref;
  }

  values(values: Value[]): void {
    this.u32(values.length);
    const descriptorsAt = this.pos;
    this.pos += values.length * 4;
    values.forEach((value, i) => {
      const start = this.pos;
      if ('bytes' in value) this.bytes(value.bytes);
      else value.write(this);
      this.buf.writeUInt16LE(this.pos - start, descriptorsAt + i * 4);
      this.buf[descriptorsAt + i * 4 + 2] = value.type;
      this.buf[descriptorsAt + i * 4 + 3] = 0;
    });
  }

  /** A record whose event data is written by `body` (fragment header included by the caller). */
  record(id: number, body: (w: ChunkWriter) => void, written = filetimeOf('2024-01-02T03:04:05.0000000Z')): number {
    const start = this.pos;
    this.u32(0x00002a2a);
    this.u32(0);
    this.buf.writeBigUInt64LE(BigInt(id), this.pos);
    this.pos += 8;
    this.buf.writeBigUInt64LE(written, this.pos);
    this.pos += 8;
    body(this);
    this.u8(0x00); // end of fragment
    // Windows keeps records 8-byte aligned; the padding sits before the size copy.
    while ((this.pos + 4 - start) % 8 !== 0) this.u8(0);
    const size = this.pos + 4 - start;
    this.u32(size);
    this.buf.writeUInt32LE(size, start + 4);
    this.recordOffsets.push(start);
    this.recordIds.push(id);
    return start;
  }

  /** A typical event record: one template instance. */
  event(id: number, template: Element | TemplateRef, values: Value[]): TemplateRef {
    let ref: TemplateRef = { offset: 0, id: 0 };
    this.record(id, (w) => {
      w.fragmentHeader();
      ref = w.templateInstance(template, values);
    });
    return ref;
  }

  /** Fills in the chunk header (magic, ids, offsets, CRCs) and returns the 64 KiB chunk. */
  finish(o: ChunkOverrides = {}): Buffer {
    const b = this.buf;
    b.write('ElfChnk\0', 0, 'latin1');
    const first = this.recordIds[0] ?? 0;
    const last = this.recordIds[this.recordIds.length - 1] ?? 0;
    b.writeBigUInt64LE(BigInt(o.firstRecordId ?? first), 8);
    b.writeBigUInt64LE(BigInt(o.lastRecordId ?? last), 16);
    b.writeBigUInt64LE(BigInt(o.firstRecordId ?? first), 24);
    b.writeBigUInt64LE(BigInt(o.lastRecordId ?? last), 32);
    b.writeUInt32LE(128, 40);
    b.writeUInt32LE(o.lastRecordOffset ?? this.recordOffsets[this.recordOffsets.length - 1] ?? 0, 44);
    const free = o.freeSpaceOffset ?? this.pos;
    b.writeUInt32LE(free, 48);
    const dataEnd = Math.min(free, CHUNK_SIZE);
    let recordsCrc = zlib.crc32(b.subarray(512, dataEnd));
    if (o.breakRecordsCrc) recordsCrc ^= 1;
    b.writeUInt32LE(recordsCrc >>> 0, 52);
    b.writeUInt32LE(o.flags ?? 0, 120);
    let headerCrc = zlib.crc32(b.subarray(128, 512), zlib.crc32(b.subarray(0, 120)));
    if (o.breakHeaderCrc) headerCrc ^= 1;
    b.writeUInt32LE(headerCrc >>> 0, 124);
    return b;
  }
}

// ---- file -------------------------------------------------------------------

export interface FileOptions {
  chunkCount?: number;
  major?: number;
  minor?: number;
  flags?: number;
  nextRecordId?: number;
  breakCrc?: boolean;
}

/** A file header block followed by the given 64 KiB slots (chunks, zeros or junk). */
export function evtxFile(slots: Buffer[], o: FileOptions = {}): Buffer {
  const header = Buffer.alloc(FILE_HEADER_SIZE);
  header.write('ElfFile\0', 0, 'latin1');
  header.writeBigUInt64LE(0n, 8);
  header.writeBigUInt64LE(BigInt(Math.max(0, (o.chunkCount ?? slots.length) - 1)), 16);
  header.writeBigUInt64LE(BigInt(o.nextRecordId ?? 1), 24);
  header.writeUInt32LE(128, 32);
  header.writeUInt16LE(o.minor ?? 1, 36);
  header.writeUInt16LE(o.major ?? 3, 38);
  header.writeUInt16LE(FILE_HEADER_SIZE, 40);
  header.writeUInt16LE(o.chunkCount ?? slots.length, 42);
  header.writeUInt32LE(o.flags ?? 0, 120);
  let crc = zlib.crc32(header.subarray(0, 120));
  if (o.breakCrc) crc ^= 1;
  header.writeUInt32LE(crc >>> 0, 124);
  return Buffer.concat([header, ...slots]);
}

// ---- a minimal event template ------------------------------------------------

/**
 * An <Event> with the System fields most tests need, then `payload` (EventData
 * or UserData). Substitutions: 0 provider name, 1 EventID qualifiers
 * (optional), 2 EventID, 3 record id, 4 time, 5 channel, 6 computer, 7 user
 * SID (optional). Payload substitutions start at 8.
 */
export function eventTemplate(payload: Element[]): Element {
  return {
    el: 'Event',
    attrs: [['xmlns', [text('http://schemas.microsoft.com/win/2004/08/events/event')]]],
    children: [
      {
        el: 'System',
        children: [
          { el: 'Provider', attrs: [['Name', [sub(0)]], ['Guid', [text('{5770385F-C22A-43E0-BF4C-06F5698FFBD9}')]]] },
          { el: 'EventID', attrs: [['Qualifiers', [opt(1, 0x06)]]], children: [sub(2, 0x06)] },
          { el: 'TimeCreated', attrs: [['SystemTime', [sub(4, 0x11)]]] },
          { el: 'EventRecordID', children: [sub(3, 0x0a)] },
          { el: 'Channel', children: [sub(5)] },
          { el: 'Computer', children: [sub(6)] },
          { el: 'Security', attrs: [['UserID', [opt(7, 0x13)]]] },
        ],
      },
      ...payload,
    ],
  };
}

/** Values 0..7 for eventTemplate. */
export function systemValues(recordId: number, eventId = 1, extra: { qualifiers?: number; time?: string } = {}): Value[] {
  return [
    v.str('Microsoft-Windows-Sysmon'),
    extra.qualifiers === undefined ? v.null() : v.u16(extra.qualifiers),
    v.u16(eventId),
    v.u64(BigInt(recordId)),
    v.filetime(filetimeOf(extra.time ?? '2024-01-02T03:04:05.1234567Z')),
    v.str('Microsoft-Windows-Sysmon/Operational'),
    v.str('HOST-01'),
    v.sid('S-1-5-18'),
  ];
}
