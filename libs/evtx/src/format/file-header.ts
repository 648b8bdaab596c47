import { crc32OfRanges } from './crc32';
import { FILE_FLAG_DIRTY, FILE_FLAG_FULL, FILE_HEADER_CRC_SPAN, FILE_MAGIC, FLAG_NO_CRC32 } from './layout-constants';

/** The fields of the 4096-byte file header that the reader uses. */
export interface FileHeader {
  oldestChunk: number;
  currentChunk: number;
  nextRecordId: number;
  headerSize: number;
  minorVersion: number;
  majorVersion: number;
  headerBlockSize: number;
  chunkCount: number;
  flags: number;
  dirty: boolean;
  full: boolean;
  /** Checksums are not maintained in this file (flag 0x4); a CRC mismatch then means nothing. */
  noCrc32: boolean;
  crcOk: boolean;
}

export function hasFileMagic(buf: Buffer): boolean {
  return buf.length >= FILE_MAGIC.length && buf.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC);
}

/** Parses the header at the start of `buf`; needs at least 128 bytes. */
export function parseFileHeader(buf: Buffer): FileHeader {
  const flags = buf.readUInt32LE(120);
  return {
    oldestChunk: Number(buf.readBigUInt64LE(8)),
    currentChunk: Number(buf.readBigUInt64LE(16)),
    nextRecordId: Number(buf.readBigUInt64LE(24)),
    headerSize: buf.readUInt32LE(32),
    minorVersion: buf.readUInt16LE(36),
    majorVersion: buf.readUInt16LE(38),
    headerBlockSize: buf.readUInt16LE(40),
    chunkCount: buf.readUInt16LE(42),
    flags,
    dirty: (flags & FILE_FLAG_DIRTY) !== 0,
    full: (flags & FILE_FLAG_FULL) !== 0,
    noCrc32: (flags & FLAG_NO_CRC32) !== 0,
    crcOk: crc32OfRanges(buf, [[0, FILE_HEADER_CRC_SPAN]]) === buf.readUInt32LE(124),
  };
}
