/**
 * The normaliser's hot path for EventData values in the spellings Sysmon writes on
 * nearly every event. Each answer is exactly what convertField gives when it finds no
 * issue; whenever a value is in any other spelling the answer is NOT_FAST, and
 * convertField decides (and reports). So these functions only ever skip work, never
 * change a result.
 */
import type { ConvertedField, FieldKind } from './field-kinds';
import { int64FromMillis, uint64 } from './long-values';
import { parseCommonUtcDateTime, type CommonDateTime } from './parse/date-time';
import { isCanonicalGuid } from './parse/guid';
import { isNoValue } from './parse/parse-outcome';
import { isWellFormedText } from './parse/text';

export const NOT_FAST: unique symbol = Symbol('not-fast');

/** A typed slot value, undefined for "no value" ("" or "-"), or NOT_FAST. */
export type FastValue = ConvertedField['value'] | undefined | typeof NOT_FAST;

/** Words that INTEGRITY_LEVEL in field-kinds.ts accepts, as Windows spells them. */
const INTEGRITY_LEVELS: ReadonlySet<string> = new Set(['System', 'High', 'Medium', 'Low', 'Untrusted', 'AppContainer']);

const scratchTime: CommonDateTime = { millis: 0, subMilliNanos: 0 };

export function fastConvert(kind: FieldKind, raw: string): FastValue {
  switch (kind) {
    case 'text':
      return isWellFormedText(raw) ? raw : NOT_FAST;
    case 'user':
      // A braced GUID needs '{', a Hashes list '=': without either it is plain text.
      return raw.indexOf('{') < 0 && raw.indexOf('=') < 0 && isWellFormedText(raw) ? raw : NOT_FAST;
    case 'integrityLevel':
      return INTEGRITY_LEVELS.has(raw) ? raw : NOT_FAST;
    case 'guid':
      if (isCanonicalGuid(raw)) return raw;
      return isNoValue(raw) ? undefined : NOT_FAST;
    case 'uint32': {
      if (isNoValue(raw)) return undefined;
      // Nine digits always fit in 32 bits.
      return raw.length <= 9 ? decimal(raw) : NOT_FAST;
    }
    case 'uint64': {
      if (isNoValue(raw)) return undefined;
      if (raw.length > 15) return NOT_FAST;
      const n = decimal(raw);
      return n === NOT_FAST ? n : uint64(n);
    }
    case 'port': {
      if (isNoValue(raw)) return undefined;
      if (raw.length > 5) return NOT_FAST;
      const n = decimal(raw);
      return n === NOT_FAST || n > 0xffff ? NOT_FAST : n;
    }
    case 'hexUint32': {
      if (isNoValue(raw)) return undefined;
      const n = hex(raw, 8);
      return n;
    }
    case 'hexUint64': {
      if (isNoValue(raw)) return undefined;
      // 13 significant hex digits stay below 2^53.
      const n = hex(raw, 13);
      return n === NOT_FAST ? n : uint64(n);
    }
    case 'bool':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      return isNoValue(raw) ? undefined : NOT_FAST;
    case 'utcTime':
      if (isNoValue(raw)) return undefined;
      if (!parseCommonUtcDateTime(raw, scratchTime)) return NOT_FAST;
      return int64FromMillis(scratchTime.millis, scratchTime.subMilliNanos);
    default:
      // ip needs its bytes too (see fastIpv4); hashes and registryDetails always take the general path.
      return NOT_FAST;
  }
}

/** 1 to 15 ASCII digits as a number; NOT_FAST for anything else. */
function decimal(raw: string): number | typeof NOT_FAST {
  const length = raw.length;
  if (length === 0) return NOT_FAST;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NOT_FAST;
    n = n * 10 + d;
  }
  return n;
}

/**
 * `0x` (or `0X`) and 1 to 32 hex digits (what parseHex accepts) of which at most
 * `maxSignificant` are significant, as a number; NOT_FAST for anything else.
 */
function hex(raw: string, maxSignificant: number): number | typeof NOT_FAST {
  const length = raw.length;
  if (length < 3 || length > 34 || raw.charCodeAt(0) !== 0x30 || (raw.charCodeAt(1) | 0x20) !== 0x78) return NOT_FAST;
  let n = 0;
  let significant = 0;
  for (let i = 2; i < length; i++) {
    const c = raw.charCodeAt(i);
    let d: number;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
    else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
    else return NOT_FAST;
    if (n !== 0 || d !== 0) significant++;
    n = n * 16 + d;
  }
  return significant <= maxSignificant ? n : NOT_FAST;
}

/**
 * A dotted-quad IPv4 address as parseIpAddress accepts it (no leading zeros, parts up
 * to 255): its 4 bytes. Such text is already canonical, so the caller keeps `raw` as
 * the text. Null for anything else (IPv6, or not an address).
 */
export function fastIpv4(raw: string): Uint8Array | null {
  const length = raw.length;
  if (length < 7 || length > 15) return null;
  const bytes = new Uint8Array(4);
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= length; i++) {
    const c = i < length ? raw.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || part > 3 || value > 255) return null;
      bytes[part++] = value;
      value = 0;
      digits = 0;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9 || (digits === 1 && value === 0) || digits === 3) return null;
    value = value * 10 + d;
    digits++;
  }
  return part === 4 ? bytes : null;
}
