/**
 * How each kind of EventData field becomes its typed slot. One pure function per
 * kind; the per-event tables in sysmon-payloads.ts say which field has which kind.
 */
import { parseBoolean } from './parse/boolean';
import { parseUtcDateTime } from './parse/date-time';
import { parseGuid } from './parse/guid';
import { looksLikeHashes, parseHashes } from './parse/hashes';
import { parseDecimalUInt32, parseDecimalUInt64, parseHexUInt32, parseHexUInt64 } from './parse/integers';
import { parseIpAddress } from './parse/ip-address';
import { ParseOutcome } from './parse/parse-outcome';
import { parsePort } from './parse/port';
import { parseRegistryDetails } from './parse/registry-details';
import { hasUnpairedSurrogate, toWellFormed } from './parse/text';
import { fitsInt64, int64, Long, uint64 } from './long-values';
import { IRegistryDetails, RegistryDetails } from './proto';

export type FieldKind =
  | 'text' // any string, kept exactly
  | 'user' // DOMAIN\name: a GUID or a Hashes list here means shifted fields
  | 'integrityLevel' // one word (Low, Medium, High, System, ...)
  | 'guid'
  | 'uint32' // decimal
  | 'uint64' // decimal
  | 'hexUint32' // 0x…
  | 'hexUint64' // 0x…, short or zero-padded
  | 'bool'
  | 'port'
  | 'ip' // fills the slot (canonical text) and the bytes slot
  | 'hashes' // algorithm -> lower-case hex map
  | 'utcTime' // Sysmon's UtcTime -> int64 unix nanos
  | 'registryDetails';

/**
 * Why a value was not (or not fully) used:
 * - type-mismatch: the text does not parse as the field's type;
 * - foreign-shape: the text has the shape of another field (shifted fields, BUG-08);
 * - bad-segment: one segment of a list (Hashes) is unusable, the others are kept;
 * - invalid-text: unpaired UTF-16 surrogates were replaced by U+FFFD.
 */
export type IssueCategory = 'type-mismatch' | 'foreign-shape' | 'bad-segment' | 'invalid-text';

export interface FieldIssue {
  readonly category: IssueCategory;
  /** The text the issue is about: the whole value, or the bad segment. */
  readonly raw: string;
  readonly reason: string;
}

export interface ConvertedField {
  /** The typed value for the slot; undefined leaves the slot unset. */
  readonly value?: string | number | boolean | Long | Record<string, string> | IRegistryDetails;
  /** For 'ip': the address bytes. */
  readonly bytes?: Uint8Array;
  readonly issues: readonly FieldIssue[];
}

const NO_ISSUES: readonly FieldIssue[] = Object.freeze([]);
const BRACED_GUID = /^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$/;
const INTEGRITY_LEVEL = /^[A-Za-z][A-Za-z ]{0,31}$/;

export function convertField(kind: FieldKind, raw: string): ConvertedField {
  switch (kind) {
    case 'text':
      return convertText(raw);
    case 'user':
      if (BRACED_GUID.test(raw)) return foreign(raw, 'a GUID where a user name belongs');
      if (looksLikeHashes(raw)) return foreign(raw, 'a Hashes list where a user name belongs');
      return convertText(raw);
    case 'integrityLevel':
      if (raw === '' || raw === '-' || INTEGRITY_LEVEL.test(raw)) return convertText(raw);
      return foreign(raw, looksLikeHashes(raw) ? 'a Hashes list where an integrity level belongs' : 'not an integrity level name');
    case 'guid':
      return fromOutcome(raw, parseGuid(raw), (v) => v);
    case 'uint32':
      return fromOutcome(raw, parseDecimalUInt32(raw), (v) => v);
    case 'uint64':
      return fromOutcome(raw, parseDecimalUInt64(raw), uint64);
    case 'hexUint32':
      return fromOutcome(raw, parseHexUInt32(raw), (v) => v);
    case 'hexUint64':
      return fromOutcome(raw, parseHexUInt64(raw), uint64);
    case 'bool':
      return fromOutcome(raw, parseBoolean(raw), (v) => v);
    case 'port':
      return fromOutcome(raw, parsePort(raw), (v) => v);
    case 'utcTime': {
      const parsed = parseUtcDateTime(raw);
      if (parsed.kind === 'value' && !fitsInt64(parsed.value)) {
        return { issues: [{ category: 'type-mismatch', raw, reason: 'outside the range of int64 Unix nanoseconds (1677-2262)' }] };
      }
      return fromOutcome(raw, parsed, int64);
    }
    case 'ip': {
      const parsed = parseIpAddress(raw);
      if (parsed.kind === 'value') return { value: parsed.value.text, bytes: parsed.value.bytes, issues: NO_ISSUES };
      return fromOutcome(raw, parsed, () => undefined);
    }
    case 'hashes':
      return convertHashes(raw);
    case 'registryDetails':
      return convertRegistryDetails(raw);
  }
}

function convertText(raw: string): ConvertedField {
  if (!hasUnpairedSurrogate(raw)) return { value: raw, issues: NO_ISSUES };
  return { value: toWellFormed(raw), issues: [invalidText(raw)] };
}

function invalidText(raw: string): FieldIssue {
  return { category: 'invalid-text', raw, reason: 'invalid UTF-16: unpaired surrogate replaced by U+FFFD' };
}

function foreign(raw: string, reason: string): ConvertedField {
  return { issues: [{ category: 'foreign-shape', raw, reason: `${reason}; fields may be shifted` }] };
}

function fromOutcome<T>(raw: string, outcome: ParseOutcome<T>, toSlot: (v: T) => ConvertedField['value']): ConvertedField {
  switch (outcome.kind) {
    case 'value':
      return { value: toSlot(outcome.value), issues: NO_ISSUES };
    case 'none':
      return { issues: NO_ISSUES };
    case 'invalid':
      return { issues: [{ category: 'type-mismatch', raw, reason: outcome.reason }] };
  }
}

function convertHashes(raw: string): ConvertedField {
  const parsed = parseHashes(raw);
  const issues = parsed.badSegments.map(
    (b): FieldIssue => ({ category: 'bad-segment', raw: b.segment, reason: b.reason }),
  );
  return { value: parsed.hashes, issues };
}

function convertRegistryDetails(raw: string): ConvertedField {
  const details = parseRegistryDetails(raw);
  switch (details.kind) {
    case 'dword':
      return { value: RegistryDetails.create({ dword: details.value }), issues: NO_ISSUES };
    case 'qword':
      return { value: RegistryDetails.create({ qword: uint64(details.value) }), issues: NO_ISSUES };
    case 'binaryData':
      return { value: RegistryDetails.create({ binaryData: true }), issues: NO_ISSUES };
    case 'empty':
      return { value: RegistryDetails.create({ empty: true }), issues: NO_ISSUES };
    case 'text': {
      const text = convertText(details.value);
      return { value: RegistryDetails.create({ text: text.value as string }), issues: text.issues };
    }
  }
}
