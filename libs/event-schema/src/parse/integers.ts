import { invalid, isNoValue, NONE, ParseOutcome, value } from './parse-outcome';

const DECIMAL = /^[0-9]{1,40}$/;
const HEX = /^0[xX]([0-9a-fA-F]{1,32})$/;

/** win:UInt32 as Windows renders it: decimal. */
export function parseDecimalUInt32(text: string): ParseOutcome<number> {
  const parsed = parseDecimal(text, 32);
  return parsed.kind === 'value' ? value(Number(parsed.value)) : parsed;
}

/** win:UInt64 as Windows renders it: decimal. */
export function parseDecimalUInt64(text: string): ParseOutcome<bigint> {
  return parseDecimal(text, 64);
}

/**
 * win:HexInt32 as Windows renders it: 0x followed by hex digits, short (`0x1410`)
 * or zero-padded (`0x00001410`).
 */
export function parseHexUInt32(text: string): ParseOutcome<number> {
  const parsed = parseHex(text, 32);
  return parsed.kind === 'value' ? value(Number(parsed.value)) : parsed;
}

/**
 * win:HexInt64, e.g. a LogonId: the live API writes `0x3e7`, offline parsers the
 * zero-padded `0x00000000000003e7`; both are the same number (BUG-08).
 */
export function parseHexUInt64(text: string): ParseOutcome<bigint> {
  return parseHex(text, 64);
}

function parseDecimal(text: string, bits: 32 | 64): ParseOutcome<bigint> {
  if (isNoValue(text)) return NONE;
  if (!DECIMAL.test(text)) return invalid(`not a decimal unsigned integer`);
  return inRange(BigInt(text), bits);
}

function parseHex(text: string, bits: 32 | 64): ParseOutcome<bigint> {
  if (isNoValue(text)) return NONE;
  const m = HEX.exec(text);
  if (!m) return invalid('not a hexadecimal integer (0x…)');
  return inRange(BigInt(`0x${m[1]}`), bits);
}

function inRange(n: bigint, bits: 32 | 64): ParseOutcome<bigint> {
  return n < 1n << BigInt(bits) ? value(n) : invalid(`does not fit in ${bits} bits`);
}
