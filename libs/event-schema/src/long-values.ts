/**
 * 64-bit protobuf fields hold protobufjs Long values (the codegen uses --force-long),
 * so a value is never silently rounded to a double. Parsers work in bigint and turn
 * the result into a Long here.
 */
import * as protobuf from 'protobufjs/minimal';
import type LongClass = require('long');

/** The long.js Long that the generated types name; protobufjs loads the same class. */
export type Long = LongClass;

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

const TWO_32 = 4294967296;

export function uint64(value: bigint | number): Long {
  // Record ids and parsed numbers are safe integers: no BigInt round trip on the hot path.
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    return new protobuf.util.Long(value % TWO_32 | 0, Math.floor(value / TWO_32) | 0, true) as unknown as Long;
  }
  const big = BigInt(value);
  if (big < 0n || big > UINT64_MAX) throw new RangeError(`${big} is outside the uint64 range`);
  return fromBits(big, true);
}

/** Unix nanoseconds in int64 cover 1677-09-21 to 2262-04-11; older Windows times (1601) do not fit. */
export function fitsInt64(value: bigint): boolean {
  return value >= INT64_MIN && value <= INT64_MAX;
}

export function int64(value: bigint | number): Long {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    return new protobuf.util.Long(value % TWO_32 | 0, Math.floor(value / TWO_32) | 0, false) as unknown as Long;
  }
  const big = BigInt(value);
  if (big < INT64_MIN || big > INT64_MAX) throw new RangeError(`${big} is outside the int64 range`);
  return fromBits(BigInt.asUintN(64, big), false);
}

export function longToBigInt(value: Long | number): bigint {
  if (typeof value === 'number') return BigInt(value);
  const bits = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
  return value.unsigned ? bits : BigInt.asIntN(64, bits);
}

/**
 * int64 Unix nanoseconds of `millis` (whole milliseconds since 1970, 0 <= millis < 2^42,
 * i.e. up to the year 2109) plus `subMilliNanos` (0..999999), computed exactly in doubles:
 * the date-time hot path would otherwise need several BigInt operations per value.
 */
export function int64FromMillis(millis: number, subMilliNanos: number): Long {
  const millisHigh = Math.floor(millis / 2097152); // millis = millisHigh * 2^21 + millisLow
  const millisLow = millis - millisHigh * 2097152;
  const x = millisHigh * 1_000_000; // nanos = x * 2^21 + y, each term exact below 2^53
  const y = millisLow * 1_000_000 + subMilliNanos;
  const xHigh = Math.floor(x / 2048); // x * 2^21 = xHigh * 2^32 + xLow * 2^21
  const xLow = x - xHigh * 2048;
  const lowTotal = xLow * 2097152 + y;
  const carry = Math.floor(lowTotal / TWO_32);
  return new protobuf.util.Long((lowTotal - carry * TWO_32) | 0, (xHigh + carry) | 0, false) as unknown as Long;
}

/** The exclusive upper bound of `millis` for int64FromMillis. */
export const INT64_FROM_MILLIS_LIMIT = 2 ** 42;

function fromBits(bits: bigint, unsigned: boolean): Long {
  const low = Number(bits & 0xffffffffn) | 0;
  const high = Number(bits >> 32n) | 0;
  return new protobuf.util.Long(low, high, unsigned) as unknown as Long;
}
