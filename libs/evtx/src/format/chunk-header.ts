import { crc32OfRanges } from './crc32';
import { CHUNK_HEADER_SIZE, CHUNK_MAGIC, CHUNK_SIZE, FLAG_NO_CRC32 } from './layout-constants';

/** The fields of a 512-byte chunk header that the reader uses. */
export interface ChunkHeader {
  firstRecordNumber: number;
  lastRecordNumber: number;
  firstRecordId: number;
  lastRecordId: number;
  lastRecordOffset: number;
  freeSpaceOffset: number;
  recordsCrc: number;
  /** The chunk's flags word says its checksums are not maintained (0x4). */
  noCrc32: boolean;
  headerCrcOk: boolean;
}

export function hasChunkMagic(buf: Buffer, at = 0): boolean {
  return buf.length >= at + CHUNK_MAGIC.length && buf.subarray(at, at + CHUNK_MAGIC.length).equals(CHUNK_MAGIC);
}

/** Parses the chunk header at the start of `buf` (at least 512 bytes). */
export function parseChunkHeader(buf: Buffer): ChunkHeader {
  return {
    firstRecordNumber: Number(buf.readBigUInt64LE(8)),
    lastRecordNumber: Number(buf.readBigUInt64LE(16)),
    firstRecordId: Number(buf.readBigUInt64LE(24)),
    lastRecordId: Number(buf.readBigUInt64LE(32)),
    lastRecordOffset: buf.readUInt32LE(44),
    freeSpaceOffset: buf.readUInt32LE(48),
    recordsCrc: buf.readUInt32LE(52),
    noCrc32: (buf.readUInt32LE(120) & FLAG_NO_CRC32) !== 0,
    // The header CRC skips bytes 120..127 (the flags word and the CRC itself).
    headerCrcOk: crc32OfRanges(buf, [[0, 120], [128, CHUNK_HEADER_SIZE]]) === buf.readUInt32LE(124),
  };
}

/**
 * The records CRC covers the record data from the end of the header up to the
 * free-space offset; an offset outside the chunk cannot match (BUG-01).
 */
export function recordsCrcOk(chunk: Buffer, header: ChunkHeader): boolean {
  const end = header.freeSpaceOffset;
  if (end < CHUNK_HEADER_SIZE || end > CHUNK_SIZE || end > chunk.length) return false;
  return crc32OfRanges(chunk, [[CHUNK_HEADER_SIZE, end]]) === header.recordsCrc;
}
