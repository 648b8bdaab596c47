import { NotEvtxError } from '../errors';
import { hasChunkMagic, parseChunkHeader, type ChunkHeader } from '../format/chunk-header';
import { hasFileMagic, parseFileHeader, type FileHeader } from '../format/file-header';
import {
  CHUNK_HEADER_SIZE,
  CHUNK_MAGIC,
  CHUNK_SIZE,
  FILE_HEADER_BLOCK_SIZE,
  RECORD_HEADER_SIZE,
  RECORD_MAGIC,
} from '../format/layout-constants';
import type { ByteSource } from './byte-source';
import { addWarning, type EvtxStats } from './stats';

/** A 64 KiB slot that starts with a chunk header. */
export interface ChunkSlot {
  /** Position in file order (0 = first slot after the file header block). */
  index: number;
  fileOffset: number;
  header: ChunkHeader;
  /** Bytes present (less than 64 KiB only for a truncated last slot). */
  length: number;
  /** Sort key: the first record id, from the header or (header CRC bad) from the first record. */
  orderKey: number;
}

export interface FileLayout {
  fileHeader: FileHeader | null;
  /** Chunks in record-id order. */
  chunks: ChunkSlot[];
}

const SUPPORTED_MAJOR_VERSION = 3;
const KNOWN_MINOR_VERSIONS = new Set([0, 1, 2]);
const PROBE_SIZE = CHUNK_HEADER_SIZE + RECORD_HEADER_SIZE;

function isAllZero(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0) return false;
  return true;
}

function countNonZero(buf: Buffer, length: number): number {
  let n = 0;
  for (let i = 0; i < length; i++) if (buf[i] !== 0) n++;
  return n;
}

/** Offset of the first "ElfChnk\0" anywhere in the source, or -1. Reads in 1 MiB blocks. */
function findChunkMagic(source: ByteSource): number {
  const block = Buffer.alloc(1 << 20);
  const overlap = CHUNK_MAGIC.length - 1;
  for (let position = 0; position < source.size; position += block.length - overlap) {
    const n = source.readInto(block, position, block.length);
    const at = block.subarray(0, n).indexOf(CHUNK_MAGIC);
    if (at >= 0) return position + at;
    if (n < block.length) break;
  }
  return -1;
}

function describeVersion(header: FileHeader): string {
  return `${header.majorVersion}.${header.minorVersion}`;
}

/**
 * First pass over a recording: reads the file header and the 512-byte header
 * of every 64 KiB slot (whatever the header's chunk count says), classifies
 * each slot (chunk, zero slack, damaged region) and orders the chunks by their
 * first record id. Memory stays at one slot whatever the file size.
 */
export function scanLayout(source: ByteSource, stats: EvtxStats): FileLayout {
  const probe = Buffer.alloc(FILE_HEADER_BLOCK_SIZE);
  const headBytes = source.readInto(probe, 0, FILE_HEADER_BLOCK_SIZE);
  let fileHeader: FileHeader | null = null;
  let base = FILE_HEADER_BLOCK_SIZE;

  if (source.size === 0) {
    addWarning(stats, 'file is empty');
    return { fileHeader, chunks: [] };
  }

  if (hasFileMagic(probe.subarray(0, headBytes)) && headBytes >= 128) {
    fileHeader = parseFileHeader(probe);
    stats.formatVersion = describeVersion(fileHeader);
    stats.headerChunkCount = fileHeader.chunkCount;
    stats.fileDirty = fileHeader.dirty;
    checkFileHeader(fileHeader, stats);
    if (headBytes < FILE_HEADER_BLOCK_SIZE) addWarning(stats, `file ends inside its ${FILE_HEADER_BLOCK_SIZE}-byte header block`);
  } else {
    const first = findChunkMagic(source);
    if (first < 0) throw new NotEvtxError(source.label, 'no "ElfFile" header and no "ElfChnk" chunk anywhere');
    base = first % CHUNK_SIZE;
    addWarning(stats, `no "ElfFile" file header; chunks found from file offset ${first}`);
  }

  const slot = Buffer.alloc(CHUNK_SIZE);
  const chunks: ChunkSlot[] = [];
  for (let index = 0, fileOffset = base; fileOffset < source.size; index++, fileOffset += CHUNK_SIZE) {
    stats.chunkSlots++;
    const present = Math.min(CHUNK_SIZE, source.size - fileOffset);
    const n = source.readInto(slot, fileOffset, Math.min(PROBE_SIZE, present));
    if (n >= CHUNK_HEADER_SIZE && hasChunkMagic(slot)) {
      const header = parseChunkHeader(slot);
      if (present < CHUNK_SIZE) addWarning(stats, `chunk ${index} is truncated: ${present} of ${CHUNK_SIZE} bytes in the file`);
      chunks.push({
        index,
        fileOffset,
        header,
        length: present,
        orderKey: orderKeyOf(header, slot, n),
      });
      continue;
    }
    // No chunk header: zero-filled slack, or a damaged region (junk, overwritten chunk).
    const m = source.readInto(slot, fileOffset, present);
    if (isAllZero(slot, 0, m)) {
      stats.zeroSlots++;
    } else {
      const reason =
        m < CHUNK_SIZE
          ? `trailing ${m} bytes without chunk magic`
          : `no chunk magic (${countNonZero(slot, m)} non-zero bytes)`;
      stats.damagedChunks.push({ index, fileOffset, reason, recordsRead: 0 });
    }
  }

  if (fileHeader !== null && chunks.length > fileHeader.chunkCount) {
    addWarning(stats, `file header counts ${fileHeader.chunkCount} chunks but ${chunks.length} chunks were found (stale header)`);
  }
  // Stable sort: record-id order, file order among equal keys (BUG-03: chunks out of order after a wrap).
  chunks.sort((a, b) => a.orderKey - b.orderKey || a.index - b.index);
  return { fileHeader, chunks };
}

function orderKeyOf(header: ChunkHeader, slot: Buffer, bytes: number): number {
  if (header.headerCrcOk) return header.firstRecordId;
  // The header's own numbers are not trustworthy; the first record's id is.
  if (bytes >= PROBE_SIZE && slot.readUInt32LE(CHUNK_HEADER_SIZE) === RECORD_MAGIC) {
    return Number(slot.readBigUInt64LE(CHUNK_HEADER_SIZE + 8));
  }
  return header.firstRecordId;
}

function checkFileHeader(header: FileHeader, stats: EvtxStats): void {
  if (header.majorVersion !== SUPPORTED_MAJOR_VERSION) {
    addWarning(stats, `unknown .evtx format version ${describeVersion(header)}; read as version 3`);
  } else if (!KNOWN_MINOR_VERSIONS.has(header.minorVersion)) {
    addWarning(stats, `unknown .evtx minor format version ${describeVersion(header)}; read as version 3`);
  }
  if (header.noCrc32) addWarning(stats, 'file header flag 0x4: checksums are not maintained; chunks are read by structure');
  else if (!header.crcOk) addWarning(stats, 'file header CRC32 does not match');
}

