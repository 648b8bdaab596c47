'use strict';
/**
 * Builds a large Sysmon .evtx for the benchmarks from the real chunks of
 * corpus recordings. Each copy of a chunk is renumbered (record header ids,
 * the EventRecordID substitution value, chunk header ranges) and its
 * checksums recomputed, so the file reads like one long real log with
 * unique, increasing record ids — a pipeline benchmark over it cannot be
 * flattered by idempotency de-duplication.
 */
const fs = require('node:fs');
const zlib = require('node:zlib');

const CHUNK = 65536;
const HEADER = 4096;

function crc32(buf) {
  return zlib.crc32(buf) >>> 0;
}

/** Real, undamaged chunks whose records are all Sysmon, from the given files. */
function collectChunks(files) {
  const chunks = [];
  for (const file of files) {
    const data = fs.readFileSync(file);
    for (let off = HEADER; off + CHUNK <= data.length; off += CHUNK) {
      const chunk = data.subarray(off, off + CHUNK);
      if (chunk.toString('latin1', 0, 8) !== 'ElfChnk\0') continue;
      const headerCrc = crc32(Buffer.concat([chunk.subarray(0, 120), chunk.subarray(128, 512)]));
      if (headerCrc !== chunk.readUInt32LE(124)) continue;
      const free = chunk.readUInt32LE(48);
      if (free <= 512 || free > CHUNK) continue;
      if (crc32(chunk.subarray(512, free)) !== chunk.readUInt32LE(52)) continue;
      chunks.push(Buffer.from(chunk));
    }
  }
  return chunks;
}

/** Renumbers a chunk copy so its records get ids firstId, firstId+1, ...; returns the count. */
let unpatched = 0;
function renumberChunk(chunk, firstId) {
  const free = chunk.readUInt32LE(48);
  let off = 512;
  let id = firstId;
  while (off + 24 <= free && chunk.readUInt32LE(off) === 0x00002a2a) {
    const size = chunk.readUInt32LE(off + 4);
    if (size < 28 || off + size > free) break;
    const oldId = chunk.readBigUInt64LE(off + 8);
    chunk.writeBigUInt64LE(BigInt(id), off + 8);
    if (!patchRecordIdValue(chunk, off + 24, off + size - 4, oldId, BigInt(id))) unpatched++;
    id++;
    off += size;
  }
  const count = id - firstId;
  chunk.writeBigUInt64LE(BigInt(firstId), 8); // first record number
  chunk.writeBigUInt64LE(BigInt(id - 1), 16); // last record number
  chunk.writeBigUInt64LE(BigInt(firstId), 24); // first record id
  chunk.writeBigUInt64LE(BigInt(id - 1), 32); // last record id
  chunk.writeUInt32LE(crc32(chunk.subarray(512, free)), 52);
  chunk.writeUInt32LE(crc32(Buffer.concat([chunk.subarray(0, 120), chunk.subarray(128, 512)])), 124);
  return count;
}

/**
 * The System section's EventRecordID is a UInt64 substitution value equal to
 * the record header's id. Walk the template instance's value descriptors (not
 * a byte search, which could hit an unrelated value) and patch that value.
 */
function patchRecordIdValue(chunk, start, end, oldId, newId) {
  let p = start;
  if (chunk[p] !== 0x0f) return false; // fragment header
  p += 4;
  if (chunk[p] !== 0x0c) return false; // template instance
  const defOffset = chunk.readUInt32LE(p + 6);
  p += 10;
  if (defOffset === p) p += 24 + chunk.readUInt32LE(p + 20); // definition stored inline
  if (p + 4 > end) return false;
  const count = chunk.readUInt32LE(p);
  // Exported logs can carry an EventRecordID that differs from the record
  // header's id; then the one UInt64 value of Sysmon's System template is it.
  const uint64Values = [];
  let value = p + 4 + count * 4;
  for (let i = 0; i < count; i++) {
    const size = chunk.readUInt16LE(p + 4 + i * 4);
    const type = chunk[p + 4 + i * 4 + 2];
    if (type === 0x0a && size === 8 && value + 8 <= end) uint64Values.push(value);
    value += size;
  }
  const exact = uint64Values.find((at) => chunk.readBigUInt64LE(at) === oldId);
  const target = exact ?? (uint64Values.length === 1 ? uint64Values[0] : undefined);
  if (target === undefined) return false;
  chunk.writeBigUInt64LE(newId, target);
  return true;
}

function fileHeader(chunkCount, nextId) {
  const h = Buffer.alloc(HEADER);
  h.write('ElfFile\0', 0, 'latin1');
  h.writeBigUInt64LE(0n, 8); // oldest chunk
  h.writeBigUInt64LE(BigInt(chunkCount - 1), 16); // current chunk
  h.writeBigUInt64LE(BigInt(nextId), 24);
  h.writeUInt32LE(128, 32);
  h.writeUInt16LE(1, 36); // minor 1
  h.writeUInt16LE(3, 38); // major 3
  h.writeUInt16LE(HEADER, 40);
  h.writeUInt16LE(Math.min(chunkCount, 0xffff), 42);
  h.writeUInt32LE(0, 120); // clean
  h.writeUInt32LE(crc32(h.subarray(0, 120)), 124);
  return h;
}

/** Writes `out` with at least minRecords records; returns {records, chunks, bytes}. */
function buildLargeEvtx(sourceFiles, out, minRecords) {
  const chunks = collectChunks(sourceFiles);
  if (chunks.length === 0) throw new Error(`no intact chunks in ${sourceFiles.join(', ')}`);
  const fd = fs.openSync(out, 'w');
  let nextId = 1;
  let written = 0;
  fs.writeSync(fd, Buffer.alloc(HEADER)); // placeholder, rewritten at the end
  for (let i = 0; nextId - 1 < minRecords; i++) {
    const copy = Buffer.from(chunks[i % chunks.length]);
    nextId += renumberChunk(copy, nextId);
    fs.writeSync(fd, copy);
    written++;
  }
  fs.writeSync(fd, fileHeader(written, nextId), 0, HEADER, 0);
  fs.closeSync(fd);
  return { records: nextId - 1, chunks: written, bytes: HEADER + written * CHUNK, unpatched };
}

module.exports = { buildLargeEvtx, collectChunks };

if (require.main === module) {
  const [out, min, ...files] = process.argv.slice(2);
  if (!out || !min || files.length === 0) {
    process.stderr.write('usage: build-large-evtx.js OUT MIN_RECORDS SOURCE.evtx...\n');
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(buildLargeEvtx(files, out, Number(min))) + '\n');
}
