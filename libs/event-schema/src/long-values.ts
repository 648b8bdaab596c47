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

export function uint64(value: bigint | number): Long {
  const big = BigInt(value);
  if (big < 0n || big > UINT64_MAX) throw new RangeError(`${big} is outside the uint64 range`);
  return fromBits(big, true);
}

/** Unix nanoseconds in int64 cover 1677-09-21 to 2262-04-11; older Windows times (1601) do not fit. */
export function fitsInt64(value: bigint): boolean {
  return value >= INT64_MIN && value <= INT64_MAX;
}

export function int64(value: bigint | number): Long {
  const big = BigInt(value);
  if (big < INT64_MIN || big > INT64_MAX) throw new RangeError(`${big} is outside the int64 range`);
  return fromBits(BigInt.asUintN(64, big), false);
}

export function longToBigInt(value: Long | number): bigint {
  if (typeof value === 'number') return BigInt(value);
  const bits = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
  return value.unsigned ? bits : BigInt.asIntN(64, bits);
}

function fromBits(bits: bigint, unsigned: boolean): Long {
  const low = Number(bits & 0xffffffffn) | 0;
  const high = Number(bits >> 32n) | 0;
  return new protobuf.util.Long(low, high, unsigned) as unknown as Long;
}
