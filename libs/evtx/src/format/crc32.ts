import * as zlib from 'node:zlib';

/** CRC32 (RFC 1952, initial value 0) over one or more byte ranges, in order. */
export function crc32OfRanges(buf: Buffer, ranges: ReadonlyArray<readonly [number, number]>): number {
  let crc = 0;
  for (const [start, end] of ranges) crc = zlib.crc32(buf.subarray(start, end), crc);
  return crc >>> 0;
}
