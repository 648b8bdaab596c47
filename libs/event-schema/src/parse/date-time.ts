import { invalid, isNoValue, NONE, ParseOutcome, value } from './parse-outcome';

/**
 * UTC date-times as Windows and Sysmon write them:
 * - System/TimeCreated/@SystemTime: `2017-12-26T13:10:29.1368792Z` (7 digits; some
 *   tools write 9, python-evtx writes `2017-12-26 13:10:29.136879`);
 * - Sysmon's UtcTime: `2017-12-26 13:10:29.134`.
 * Both are UTC. The result is nanoseconds since the Unix epoch, exact.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z)?$/;

const NANOS_PER_MILLI = 1_000_000n;
const FIRST_YEAR = 1601; // the FILETIME epoch: nothing Windows writes is older

export function parseUtcDateTime(text: string): ParseOutcome<bigint> {
  if (isNoValue(text)) return NONE;
  const m = DATE_TIME.exec(text);
  if (!m) return invalid('not a UTC date-time (YYYY-MM-DD hh:mm:ss[.fffffff][Z])');
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  const hour = +m[4];
  const minute = +m[5];
  const second = +m[6];
  if (year < FIRST_YEAR) return invalid(`year ${year} is before ${FIRST_YEAR}`);
  if (month < 1 || month > 12) return invalid(`month ${month} is out of range`);
  if (day < 1 || day > daysInMonth(year, month)) return invalid(`day ${day} is out of range for ${year}-${m[2]}`);
  if (hour > 23 || minute > 59 || second > 59) return invalid('time of day is out of range');
  const millis = Date.UTC(year, month - 1, day, hour, minute, second);
  const fractionNanos = m[7] === undefined ? 0 : +m[7].padEnd(9, '0');
  return value(BigInt(millis) * NANOS_PER_MILLI + BigInt(fractionNanos));
}

/** ISO 8601 UTC with 7 fractional digits (100 ns, the FILETIME resolution), as Windows renders SystemTime. */
export function formatSystemTime(unixNanos: bigint): string {
  const millis = unixNanos / NANOS_PER_MILLI - (unixNanos % NANOS_PER_MILLI < 0n ? 1n : 0n);
  const subMilliNanos = unixNanos - millis * NANOS_PER_MILLI;
  const iso = new Date(Number(millis)).toISOString(); // YYYY-MM-DDThh:mm:ss.mmmZ
  const hundredNanos = (subMilliNanos / 100n).toString().padStart(4, '0');
  return `${iso.slice(0, 23)}${hundredNanos}Z`;
}

/** A SystemTime in the EventRecord spelling (7 digits), or null when it is not a valid date-time. */
export function canonicalSystemTime(text: string): string | null {
  const parsed = parseUtcDateTime(text);
  return parsed.kind === 'value' ? formatSystemTime(parsed.value) : null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** What parseCommonUtcDateTime found: whole milliseconds since 1970 and the nanoseconds below them. */
export interface CommonDateTime {
  millis: number;
  subMilliNanos: number;
}

const COMMON_FIRST_YEAR = 1970;
const COMMON_LAST_YEAR = 2100; // keeps millis below INT64_FROM_MILLIS_LIMIT

let cachedDayKey = -1;
let cachedDayMillis = 0;

/**
 * The normaliser's hot path: the two spellings every Sysmon record carries,
 * TimeCreated `2017-12-26T13:10:29.1368792Z` and UtcTime `2017-12-26 13:10:29.134`,
 * for years 1970 to 2100, read without a regular expression or BigInt. Fills `out` and
 * returns true only for a valid date-time in exactly one of those spellings, giving the
 * same instant as parseUtcDateTime; anything else returns false for the general parser.
 */
export function parseCommonUtcDateTime(text: string, out: CommonDateTime): boolean {
  const length = text.length;
  let fractionDigits: number;
  if (length === 28) {
    if (text.charCodeAt(10) !== 0x54 /* T */ || text.charCodeAt(27) !== 0x5a /* Z */) return false;
    fractionDigits = 7;
  } else if (length === 23) {
    if (text.charCodeAt(10) !== 0x20) return false;
    fractionDigits = 3;
  } else {
    return false;
  }
  if (
    text.charCodeAt(4) !== 0x2d ||
    text.charCodeAt(7) !== 0x2d ||
    text.charCodeAt(13) !== 0x3a ||
    text.charCodeAt(16) !== 0x3a ||
    text.charCodeAt(19) !== 0x2e
  ) {
    return false;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const fraction = digits(text, 20, fractionDigits);
  if ((year | month | day | hour | minute | second | fraction) < 0) return false;
  if (year < COMMON_FIRST_YEAR || year > COMMON_LAST_YEAR || month < 1 || month > 12) return false;
  if (day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
  const dayKey = year * 10000 + month * 100 + day;
  if (dayKey !== cachedDayKey) {
    cachedDayMillis = Date.UTC(year, month - 1, day);
    cachedDayKey = dayKey;
  }
  const fractionNanos = fractionDigits === 7 ? fraction * 100 : fraction * 1_000_000;
  const fractionMillis = Math.floor(fractionNanos / 1_000_000);
  out.millis = cachedDayMillis + ((hour * 60 + minute) * 60 + second) * 1000 + fractionMillis;
  out.subMilliNanos = fractionNanos - fractionMillis * 1_000_000;
  return true;
}

/** The decimal number in text[at, at + count), or -1 when a character is not an ASCII digit. */
function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
