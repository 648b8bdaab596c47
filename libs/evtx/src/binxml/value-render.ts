import { decodeUtf16TrimNul, splitUtf16Strings } from './utf16';
import { formatFileTime, readSystemTime } from './time-format';
import {
  VT_ANSI_STRING,
  VT_ARRAY_FLAG,
  VT_BINARY,
  VT_BINXML,
  VT_BOOL,
  VT_EVT_HANDLE,
  VT_EVT_XML,
  VT_FILETIME,
  VT_GUID,
  VT_HEX_INT32,
  VT_HEX_INT64,
  VT_INT16,
  VT_INT32,
  VT_INT64,
  VT_INT8,
  VT_NULL,
  VT_REAL32,
  VT_REAL64,
  VT_SID,
  VT_SIZE_T,
  VT_STRING,
  VT_SYSTEMTIME,
  VT_UINT16,
  VT_UINT32,
  VT_UINT64,
  VT_UINT8,
  fixedItemSize,
  valueTypeName,
} from './value-types';

/** Receives the field-level problems found while rendering values (the record becomes partial). */
export interface IssueSink {
  issue(message: string): void;
}

/**
 * Renders substitution values the way Windows renders them in event XML:
 * decimal integers, `true`/`false`, upper-case braced GUIDs, lower-case 0x…
 * hex for HexInt32/64 and size_t (minimal digits, like Windows), upper-case hex
 * for binary, S-1-… SIDs, ISO 8601 UTC times with 7 fractional digits.
 * A value that cannot be decoded renders as '' and reports an issue.
 */

const HEX_UPPER: string[] = [];
for (let i = 0; i < 256; i++) HEX_UPPER.push(i.toString(16).toUpperCase().padStart(2, '0'));

function describeValue(type: number, offset: number, size: number): string {
  return `${valueTypeName(type)} value of ${size} bytes at chunk offset 0x${offset.toString(16)}`;
}

/** Unsigned 64-bit integer from its halves, as decimal text. */
export function uint64Text(low: number, high: number): string {
  if (high < 0x200000) return `${high * 4294967296 + low}`;
  return ((BigInt(high) << 32n) | BigInt(low)).toString();
}

function int64Text(low: number, high: number): string {
  if (high & 0x80000000) {
    const value = (BigInt(high) << 32n) | BigInt(low);
    return (value - (1n << 64n)).toString();
  }
  return uint64Text(low, high);
}

// Keywords and logon ids repeat from record to record, interleaved (one of each per Sysmon
// record): a small cache indexed by the value keeps both.
const HEX_CACHE_SIZE = 16;
const hexLows = new Array<number>(HEX_CACHE_SIZE).fill(0);
const hexHighs = new Array<number>(HEX_CACHE_SIZE).fill(0);
const hexTexts = new Array<string>(HEX_CACHE_SIZE).fill('0x0');

/** Lower-case minimal hex with 0x prefix, as Windows renders HexInt64 (e.g. 0x8000000000000000, 0x3e7). */
export function hex64Text(low: number, high: number): string {
  const slot = (low ^ high ^ (high >>> 16)) & (HEX_CACHE_SIZE - 1);
  if (low === hexLows[slot] && high === hexHighs[slot]) return hexTexts[slot];
  const text = high === 0 ? `0x${low.toString(16)}` : `0x${high.toString(16)}${low.toString(16).padStart(8, '0')}`;
  hexLows[slot] = low;
  hexHighs[slot] = high;
  hexTexts[slot] = text;
  return text;
}

/** Character codes of the upper-case hex digits of each byte value. */
const HEX_HIGH = new Uint8Array(256);
const HEX_LOW = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  HEX_HIGH[i] = HEX_UPPER[i].charCodeAt(0);
  HEX_LOW[i] = HEX_UPPER[i].charCodeAt(1);
}

export function guidText(buf: Buffer, at: number): string {
  // One flat string in one step: joining 21 pieces with + made about 20 intermediate
  // strings per GUID, and Sysmon records carry several GUIDs.
  const hi = HEX_HIGH;
  const lo = HEX_LOW;
  const b0 = buf[at], b1 = buf[at + 1], b2 = buf[at + 2], b3 = buf[at + 3];
  const b4 = buf[at + 4], b5 = buf[at + 5], b6 = buf[at + 6], b7 = buf[at + 7];
  const b8 = buf[at + 8], b9 = buf[at + 9], b10 = buf[at + 10], b11 = buf[at + 11];
  const b12 = buf[at + 12], b13 = buf[at + 13], b14 = buf[at + 14], b15 = buf[at + 15];
  return String.fromCharCode(
    0x7b, hi[b3], lo[b3], hi[b2], lo[b2], hi[b1], lo[b1], hi[b0], lo[b0],
    0x2d, hi[b5], lo[b5], hi[b4], lo[b4],
    0x2d, hi[b7], lo[b7], hi[b6], lo[b6],
    0x2d, hi[b8], lo[b8], hi[b9], lo[b9],
    0x2d, hi[b10], lo[b10], hi[b11], lo[b11], hi[b12], lo[b12], hi[b13], lo[b13], hi[b14], lo[b14], hi[b15], lo[b15],
    0x7d,
  );
}

/** Byte length of the SID at `at`, or -1 when it does not fit in `end`. */
export function sidLength(buf: Buffer, at: number, end: number): number {
  if (at + 8 > end) return -1;
  const length = 8 + 4 * buf[at + 1];
  return at + length <= end ? length : -1;
}

/** The bytes and text of the last SID rendered: most records carry the same one (S-1-5-18). */
const lastSidBytes = new Uint8Array(8 + 4 * 255);
let lastSidLength = 0;
let lastSidText = '';

/** S-R-I-S-S… text of a SID known to fit (see sidLength). */
export function sidText(buf: Buffer, at: number): string {
  const length = 8 + 4 * buf[at + 1];
  if (length === lastSidLength) {
    let same = true;
    for (let i = 0; i < length; i++) {
      if (buf[at + i] !== lastSidBytes[i]) {
        same = false;
        break;
      }
    }
    if (same) return lastSidText;
  }
  const text = formatSid(buf, at);
  for (let i = 0; i < length; i++) lastSidBytes[i] = buf[at + i];
  lastSidLength = length;
  lastSidText = text;
  return text;
}

function formatSid(buf: Buffer, at: number): string {
  const revision = buf[at];
  const subCount = buf[at + 1];
  const authorityHigh = buf.readUInt16BE(at + 2);
  const authorityLow = buf.readUInt32BE(at + 4);
  // Windows writes identifier authorities of 2^32 and above in hex.
  let text =
    authorityHigh === 0
      ? `S-${revision}-${authorityLow}`
      : `S-${revision}-0x${buf.toString('hex', at + 2, at + 8).toUpperCase()}`;
  for (let i = 0; i < subCount; i++) text += `-${buf.readUInt32LE(at + 8 + 4 * i)}`;
  return text;
}

/** Shortest decimal text that reads back as the same 32-bit float. */
function real32Text(value: number): string {
  if (!Number.isFinite(value)) return realSpecial(value);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return `${candidate}`;
  }
  return `${value}`;
}

function realSpecial(value: number): string {
  // Windows' CRT spellings (see the libyal format description).
  if (Number.isNaN(value)) return '-1.#IND';
  return value > 0 ? '1.#INF' : '-1.#INF';
}

function real64Text(value: number): string {
  return Number.isFinite(value) ? `${value}` : realSpecial(value);
}

/** Renders one item of a fixed-size type whose bytes are known to be in the buffer. */
function fixedItemText(buf: Buffer, at: number, base: number, sink: IssueSink): string {
  switch (base) {
    case VT_INT8:
      return `${buf.readInt8(at)}`;
    case VT_UINT8:
      return `${buf[at]}`;
    case VT_INT16:
      return `${buf.readInt16LE(at)}`;
    case VT_UINT16:
      return `${buf.readUInt16LE(at)}`;
    case VT_INT32:
      return `${buf.readInt32LE(at)}`;
    case VT_UINT32:
      return `${buf.readUInt32LE(at)}`;
    case VT_INT64:
      return int64Text(buf.readUInt32LE(at), buf.readUInt32LE(at + 4));
    case VT_UINT64:
      return uint64Text(buf.readUInt32LE(at), buf.readUInt32LE(at + 4));
    case VT_REAL32:
      return real32Text(buf.readFloatLE(at));
    case VT_REAL64:
      return real64Text(buf.readDoubleLE(at));
    case VT_BOOL:
      // 4 bytes on disk (Sysmon EID 3 Initiated, SourceIsIpv6 ...); any non-zero value is true.
      return buf.readUInt32LE(at) !== 0 ? 'true' : 'false';
    case VT_GUID:
      return guidText(buf, at);
    case VT_FILETIME: {
      const text = formatFileTime(buf.readUInt32LE(at), buf.readUInt32LE(at + 4));
      if (text === null) {
        sink.issue(`invalid FILETIME 0x${buf.toString('hex', at, at + 8)} at chunk offset 0x${at.toString(16)}`);
        return '';
      }
      return text;
    }
    case VT_SYSTEMTIME: {
      const text = readSystemTime(buf, at);
      if (text === null) {
        sink.issue(`invalid SYSTEMTIME 0x${buf.toString('hex', at, at + 16)} at chunk offset 0x${at.toString(16)}`);
        return '';
      }
      return text;
    }
    case VT_HEX_INT32:
      return `0x${buf.readUInt32LE(at).toString(16)}`;
    case VT_HEX_INT64:
      return hex64Text(buf.readUInt32LE(at), buf.readUInt32LE(at + 4));
    default:
      return '';
  }
}

/** Integer-like types whose width comes from the value size (size_t, handles, odd-sized bools). */
function sizedHexText(buf: Buffer, at: number, size: number): string {
  if (size === 4) return `0x${buf.readUInt32LE(at).toString(16)}`;
  return hex64Text(buf.readUInt32LE(at), buf.readUInt32LE(at + 4));
}

function sizedBoolText(buf: Buffer, at: number, size: number): string {
  for (let i = 0; i < size; i++) if (buf[at + i] !== 0) return 'true';
  return 'false';
}

/**
 * Renders a non-array, non-BinXML value whose bytes are [at, at + size);
 * nothing outside them is read.
 */
export function renderScalar(buf: Buffer, at: number, size: number, type: number, sink: IssueSink): string {
  switch (type) {
    case VT_NULL:
      return '';
    case VT_STRING:
    case VT_EVT_XML:
      return decodeUtf16TrimNul(buf, at, at + size);
    case VT_ANSI_STRING: {
      let end = at + size;
      while (end > at && buf[end - 1] === 0) end--;
      return buf.toString('latin1', at, end);
    }
    case VT_BINARY:
      return buf.toString('hex', at, at + size).toUpperCase();
    case VT_SID: {
      if (size === 0) return '';
      const length = sidLength(buf, at, at + size);
      if (length < 0) {
        sink.issue(`incomplete SID: ${describeValue(type, at, size)}`);
        return '';
      }
      return sidText(buf, at);
    }
    case VT_SIZE_T:
    case VT_EVT_HANDLE:
      if (size !== 4 && size !== 8) {
        sink.issue(`unexpected size: ${describeValue(type, at, size)}`);
        return '';
      }
      return sizedHexText(buf, at, size);
    case VT_BOOL:
      if (size !== 4) {
        // Not the documented 4 bytes; still readable, but say so.
        if (size === 0) return '';
        sink.issue(`unexpected size: ${describeValue(type, at, size)}`);
        return sizedBoolText(buf, at, size);
      }
      return fixedItemText(buf, at, type, sink);
    default: {
      const itemSize = fixedItemSize(type);
      if (itemSize === 0) {
        sink.issue(`unknown value type: ${describeValue(type, at, size)}`);
        return buf.toString('hex', at, at + size).toUpperCase();
      }
      if (size === 0) return '';
      if (size !== itemSize) {
        sink.issue(`unexpected size: ${describeValue(type, at, size)}`);
        if (size < itemSize) return '';
      }
      return fixedItemText(buf, at, type, sink);
    }
  }
}

/**
 * Renders the items of an array value (type | 0x80). Windows repeats the
 * element holding the substitution once per item; the caller decides how the
 * items are kept (see the mapping).
 */
export function renderArrayItems(buf: Buffer, at: number, size: number, type: number, sink: IssueSink): string[] {
  const base = type & ~VT_ARRAY_FLAG;
  const end = at + size;
  switch (base) {
    case VT_STRING:
      return splitUtf16Strings(buf, at, end);
    case VT_ANSI_STRING: {
      const items: string[] = [];
      let start = at;
      for (let p = at; p < end; p++) {
        if (buf[p] === 0) {
          items.push(buf.toString('latin1', start, p));
          start = p + 1;
        }
      }
      if (start < end) items.push(buf.toString('latin1', start, end));
      return items;
    }
    case VT_SID: {
      const items: string[] = [];
      let p = at;
      while (p < end) {
        const length = sidLength(buf, p, end);
        if (length < 0) {
          sink.issue(`incomplete SID in ${describeValue(type, at, size)}`);
          break;
        }
        items.push(sidText(buf, p));
        p += length;
      }
      return items;
    }
    case VT_SIZE_T:
    case VT_EVT_HANDLE: {
      // Pointer width is not recorded; 8-byte items unless the size says otherwise.
      const itemSize = size % 8 === 0 ? 8 : 4;
      if (size % itemSize !== 0) sink.issue(`size not a multiple of ${itemSize}: ${describeValue(type, at, size)}`);
      const items: string[] = [];
      for (let p = at; p + itemSize <= end; p += itemSize) items.push(sizedHexText(buf, p, itemSize));
      return items;
    }
    case VT_BINARY:
    case VT_BINXML:
    case VT_NULL:
      sink.issue(`unsupported array type: ${describeValue(type, at, size)}`);
      return [buf.toString('hex', at, end).toUpperCase()];
    default: {
      const itemSize = fixedItemSize(base);
      if (itemSize === 0) {
        sink.issue(`unknown value type: ${describeValue(type, at, size)}`);
        return [buf.toString('hex', at, end).toUpperCase()];
      }
      if (size % itemSize !== 0) sink.issue(`size not a multiple of ${itemSize}: ${describeValue(type, at, size)}`);
      const items: string[] = [];
      for (let p = at; p + itemSize <= end; p += itemSize) items.push(fixedItemText(buf, p, base, sink));
      return items;
    }
  }
}

