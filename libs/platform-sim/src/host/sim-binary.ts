/**
 * The sim's stand-in for a PE file: a magic, a JSON header carrying what a
 * VS_VERSIONINFO resource would (plus the role the sim gives the binary), and
 * opaque payload bytes. The version resource travels with the bytes, so a
 * copy, a download from the release feed or a tampered rewrite behave as they
 * would on Windows: what the file says it is, and its hash, come from its content.
 */
import * as crypto from 'node:crypto';
import type { FileVersionInfo } from '@sysward/platform';

const MAGIC = Buffer.from('MZ\0SYSWARD-SIM\0', 'latin1');

/** What the sim does when the binary is run or loaded. */
export type BinaryRole = 'sysmon' | 'sysmon-driver' | 'service' | 'driver' | 'other';

export interface SimBinary {
  role: BinaryRole;
  versionInfo: FileVersionInfo;
  payload: Uint8Array;
}

export function encodeSimBinary(binary: SimBinary): Buffer {
  const header = Buffer.from(JSON.stringify({ role: binary.role, versionInfo: binary.versionInfo }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  return Buffer.concat([MAGIC, length, header, Buffer.from(binary.payload)]);
}

/** null for bytes that are not a sim binary (a text file, a config): they have no version resource. */
export function decodeSimBinary(bytes: Uint8Array): SimBinary | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < MAGIC.length + 4 || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const length = buffer.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (start + length > buffer.length) return null;
  try {
    const header = JSON.parse(buffer.subarray(start, start + length).toString('utf8')) as { role: BinaryRole; versionInfo: FileVersionInfo };
    return { role: header.role, versionInfo: header.versionInfo, payload: new Uint8Array(buffer.subarray(start + length)) };
  } catch {
    return null;
  }
}

/** Deterministic payload bytes: the same inputs always give the same file and hash. */
export function payloadFor(seed: string, size = 4096): Uint8Array {
  const out = Buffer.alloc(size);
  let block = crypto.createHash('sha256').update(seed).digest();
  for (let offset = 0; offset < size; offset += block.length) {
    block.copy(out, offset);
    block = crypto.createHash('sha256').update(block).digest();
  }
  return new Uint8Array(out);
}

export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}
