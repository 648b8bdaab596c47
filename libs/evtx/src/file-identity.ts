import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { hasChunkMagic } from './format/chunk-header';
import { CHUNK_HEADER_SIZE, CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE, RECORD_MAGIC, RECORD_MIN_SIZE } from './format/layout-constants';

/**
 * A stable id of a recording, used as its log-instance id so that two hosts'
 * recordings with overlapping record ids never collide (R-MON-5).
 *
 * It hashes bytes that never change once written: the first chunk's first
 * record (its id, time, host and payload) and that chunk's first record
 * number/id. So a later, longer copy of the same log keeps the same identity,
 * while a cleared log (new first record) gets a new one. When the first chunk
 * has no readable record, the file header block and first chunk header are
 * hashed instead. Returns 64 hex characters (SHA-256).
 */
export function fileIdentity(path: string): string {
  const fd = fs.openSync(path, 'r');
  try {
    const head = Buffer.alloc(FILE_HEADER_BLOCK_SIZE + CHUNK_SIZE);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return identityOfBytes(head.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
}

/** fileIdentity over the first 4096 + 65536 bytes of a recording already in memory. */
export function identityOfBytes(bytes: Buffer): string {
  const hash = createHash('sha256');
  const chunk = bytes.subarray(FILE_HEADER_BLOCK_SIZE, FILE_HEADER_BLOCK_SIZE + CHUNK_SIZE);
  const first = CHUNK_HEADER_SIZE;
  if (hasChunkMagic(chunk) && chunk.length >= first + RECORD_MIN_SIZE && chunk.readUInt32LE(first) === RECORD_MAGIC) {
    const size = chunk.readUInt32LE(first + 4);
    if (size >= RECORD_MIN_SIZE && first + size <= chunk.length && chunk.readUInt32LE(first + size - 4) === size) {
      hash.update('sysward-evtx-identity-v1:record\0');
      hash.update(chunk.subarray(8, 16)); // first record number
      hash.update(chunk.subarray(24, 32)); // first record id
      hash.update(chunk.subarray(first, first + size));
      return hash.digest('hex');
    }
  }
  hash.update('sysward-evtx-identity-v1:headers\0');
  hash.update(bytes.subarray(0, Math.min(bytes.length, FILE_HEADER_BLOCK_SIZE + CHUNK_HEADER_SIZE)));
  return hash.digest('hex');
}
