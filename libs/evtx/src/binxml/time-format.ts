/**
 * FILETIME and SYSTEMTIME rendering as ISO 8601 UTC with exactly 7 fractional
 * digits (100 ns, the resolution Windows stores), e.g. 2017-12-26T13:10:29.1368792Z.
 * Invalid values give null so that the caller can report a field error (BUG-05).
 */

const TICKS_PER_SECOND = 10_000_000;
const SECONDS_PER_DAY = 86_400;
/** Days from 1601-01-01 (the FILETIME epoch) to 1970-01-01. */
const DAYS_1601_TO_1970 = 134_774;
/** FILETIME values above 0x7FFFFFFFFFFFFFFF are rejected by Windows' own conversion. */
const MAX_FILETIME_HIGH = 0x7fffffff;

export const FILETIME_ZERO_ISO = '1601-01-01T00:00:00.0000000Z';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function pad4(n: number): string {
  return n >= 1000 ? `${n}` : `000${n}`.slice(-4);
}

function pad7(n: number): string {
  return `000000${n}`.slice(-7);
}

/** Proleptic Gregorian calendar date of a day count since 1970-01-01 (Hinnant's civil-from-days). */
export function civilFromDays(daysSince1970: number): { year: number; month: number; day: number } {
  const z = daysSince1970 + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

let cachedDayNumber = Number.NaN;
let cachedDayText = '';
/** Character codes of cachedDayText when it is YYYY-MM-DD (years up to 9999), else empty. */
let cachedDayCodes = new Uint8Array(0);

function dayText(daysSince1601: number): string {
  // Records of one chunk are usually written on the same day.
  if (daysSince1601 !== cachedDayNumber) {
    const { year, month, day } = civilFromDays(daysSince1601 - DAYS_1601_TO_1970);
    cachedDayNumber = daysSince1601;
    cachedDayText = `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
    cachedDayCodes = cachedDayText.length === 10 ? Uint8Array.from(cachedDayText, (c) => c.charCodeAt(0)) : new Uint8Array(0);
  }
  return cachedDayText;
}

const ZERO = 0x30;

function formatParts(daysSince1601: number, secondOfDay: number, ticks: number): string {
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  const second = secondOfDay % 60;
  const dayString = dayText(daysSince1601);
  const d = cachedDayCodes;
  if (d.length !== 10) return `${dayString}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${pad7(ticks)}Z`;
  // Every record has a TimeCreated: one flat string in one step, not ten joined pieces.
  return String.fromCharCode(
    d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9],
    0x54, ZERO + Math.floor(hour / 10), ZERO + (hour % 10),
    0x3a, ZERO + Math.floor(minute / 10), ZERO + (minute % 10),
    0x3a, ZERO + Math.floor(second / 10), ZERO + (second % 10),
    0x2e,
    ZERO + Math.floor(ticks / 1_000_000),
    ZERO + (Math.floor(ticks / 100_000) % 10),
    ZERO + (Math.floor(ticks / 10_000) % 10),
    ZERO + (Math.floor(ticks / 1_000) % 10),
    ZERO + (Math.floor(ticks / 100) % 10),
    ZERO + (Math.floor(ticks / 10) % 10),
    ZERO + (ticks % 10),
    0x5a,
  );
}

/**
 * Renders a FILETIME given as its two little-endian 32-bit halves.
 * The division by 10^7 is done in 16-bit steps so that it stays exact in
 * doubles (a FILETIME does not fit in 53 bits).
 */
export function formatFileTime(low: number, high: number): string | null {
  if (high > MAX_FILETIME_HIGH) return null;
  let rem = high % TICKS_PER_SECOND;
  const qHigh = (high - rem) / TICKS_PER_SECOND;
  let t = rem * 65536 + (low >>> 16);
  rem = t % TICKS_PER_SECOND;
  const qMid = (t - rem) / TICKS_PER_SECOND;
  t = rem * 65536 + (low & 0xffff);
  rem = t % TICKS_PER_SECOND;
  const qLow = (t - rem) / TICKS_PER_SECOND;
  const seconds = qHigh * 4294967296 + qMid * 65536 + qLow;
  const days = Math.floor(seconds / SECONDS_PER_DAY);
  return formatParts(days, seconds - days * SECONDS_PER_DAY, rem);
}

export function readFileTime(buf: Buffer, at: number): string | null {
  return formatFileTime(buf.readUInt32LE(at), buf.readUInt32LE(at + 4));
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Renders a 16-byte SYSTEMTIME (year, month, day-of-week, day, hour, minute,
 * second, milliseconds). All zero is what Windows writes for "no time" and
 * renders as the FILETIME epoch; any other impossible field gives null (BUG-05).
 */
export function readSystemTime(buf: Buffer, at: number): string | null {
  const year = buf.readUInt16LE(at);
  const month = buf.readUInt16LE(at + 2);
  const day = buf.readUInt16LE(at + 6);
  const hour = buf.readUInt16LE(at + 8);
  const minute = buf.readUInt16LE(at + 10);
  const second = buf.readUInt16LE(at + 12);
  const millis = buf.readUInt16LE(at + 14);
  if ((year | month | day | hour | minute | second | millis | buf.readUInt16LE(at + 4)) === 0) return FILETIME_ZERO_ISO;
  if (year < 1601 || year > 30827 || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || millis > 999) return null;
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${pad7(millis * 10_000)}Z`;
}
