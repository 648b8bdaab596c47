/**
 * Reading the corpus' <name>.expected.json files and comparing our records
 * with their samples by the corpus README's rules: GUIDs and booleans
 * case-insensitive, hex values numerically, SystemTime at 100 ns from
 * evtxexport's rendering when it differs, strings exact.
 */
import * as fs from 'node:fs';
import type { EventRecord } from '../../src';

export interface ExpectedSample {
  System: Record<string, string | number | null>;
  Provider: { Name: string; Guid: string | null; EventSourceName: string | null };
  DataKind: 'EventData' | 'UserData' | 'none';
  EventData: Record<string, string | null>;
  evtxexport_renders_differently?: Record<string, string | null>;
}

export interface ExpectedFile {
  file: string;
  records_rendered: number;
  by_event_id: Record<string, number>;
  by_channel: Record<string, number>;
  first_record_id: number;
  last_record_id: number;
  min_record_id: number;
  max_record_id: number;
  sysmon?: { focus_record_ids: Record<string, number[]>; eventdata_field_names: Record<string, string[][]> };
  samples?: Record<string, ExpectedSample[]>;
  crash_and_boot_samples?: Record<string, ExpectedSample[]>;
  cross_check_evtxexport: { records: number; record_ids_only_in_python_evtx?: number[]; record_ids_only_in_evtxexport?: number[] };
}

export function loadExpected(evtxPath: string): ExpectedFile {
  return JSON.parse(fs.readFileSync(evtxPath.replace(/\.evtx$/, '.expected.json'), 'utf8')) as ExpectedFile;
}

// ---- value normalisation ------------------------------------------------------

const GUID = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;
const HEX = /^0x[0-9a-f]+$/i;
const ISO_TIME = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/;

/** A time as "YYYY-MM-DDTHH:MM:SS" plus 100 ns ticks within the second, or null. */
function timeTicks(text: string): { base: string; ticks: number; digits: number } | null {
  const m = ISO_TIME.exec(text);
  if (!m) return null;
  const fraction = m[3] ?? '';
  return { base: `${m[1]}T${m[2]}`, ticks: Number(`${fraction}0000000`.slice(0, 7)), digits: fraction.length };
}

/** True when `ours` is the same value as the reference's `theirs` under the corpus rules. */
export function sameValue(ours: string, theirs: string): boolean {
  if (ours === theirs) return true;
  // The references went through an XML parser, which turns CR LF and lone CR into LF.
  if (ours.includes('\r') && ours.replace(/\r\n?/g, '\n') === theirs) return true;
  if (GUID.test(ours) && GUID.test(theirs)) return ours.toLowerCase() === theirs.toLowerCase();
  if (/^(true|false)$/i.test(ours) && /^(true|false)$/i.test(theirs)) return ours.toLowerCase() === theirs.toLowerCase();
  if (HEX.test(ours) && HEX.test(theirs)) return BigInt(ours) === BigInt(theirs);
  const a = timeTicks(ours);
  const b = timeTicks(theirs);
  if (a && b && a.base === b.base) {
    // python-evtx renders microseconds through a float (1-3 us off); evtxexport is exact to 100 ns.
    return b.digits >= 7 || b.digits === 0 ? a.ticks === b.ticks : Math.abs(a.ticks - b.ticks) <= 30;
  }
  return false;
}

// ---- record comparison ------------------------------------------------------

function overrides(sample: ExpectedSample): Record<string, string | null> {
  return sample.evtxexport_renders_differently ?? {};
}

/** Reference value of a System field: evtxexport's when it renders it differently (exact 100 ns times). */
function systemValue(sample: ExpectedSample, key: string): string | null {
  const o = overrides(sample);
  const value = `System.${key}` in o ? o[`System.${key}`] : sample.System[key];
  if (value === null || value === undefined || value === '') return null;
  return String(value);
}

/**
 * The reference EventData map in our key scheme: evtxexport's values where it
 * differs (it follows Windows: optional NULL substitutions remove the element,
 * binary is hex); positional "Data#n" become Data[0], Data[1]… and
 * "Binary#n" becomes Binary.
 */
export function expectedEventData(sample: ExpectedSample): Map<string, string> {
  const o = overrides(sample);
  const merged = new Map<string, string | null>(Object.entries(sample.EventData));
  for (const [key, value] of Object.entries(o)) {
    if (key.startsWith('EventData.')) merged.set(key.slice('EventData.'.length), value);
  }
  const unnamed: Array<[number, string]> = [];
  const result = new Map<string, string>();
  for (const [key, value] of merged) {
    if (value === null) continue;
    const positional = /^Data#(\d+)$/.exec(key);
    if (positional) unnamed.push([Number(positional[1]), value]);
    else if (/^Binary#\d+$/.test(key)) result.set('Binary', value);
    else result.set(key, value);
  }
  unnamed.sort((a, b) => a[0] - b[0]);
  unnamed.forEach(([, value], i) => result.set(`Data[${i}]`, value));
  return result;
}

/** Our key for a reference key: UserData leaves are referenced by their last name only. */
function ourKey(record: EventRecord, key: string): string | undefined {
  if (key in record.eventData) return key;
  if (record.dataKind === 'UserData') return Object.keys(record.eventData).find((k) => k.endsWith(`/${key}`));
  return undefined;
}

/** Every difference between our record and a reference sample, as readable lines (empty = same). */
export function compareWithSample(record: EventRecord, sample: ExpectedSample): string[] {
  const problems: string[] = [];
  const check = (what: string, ours: string | null, theirs: string | null) => {
    if (ours === null && theirs === null) return;
    if (ours === null || theirs === null || !sameValue(ours, theirs)) {
      problems.push(`${what}: ours ${JSON.stringify(ours)}, reference ${JSON.stringify(theirs)}`);
    }
  };
  const num = (n: number | null) => (n === null ? null : String(n));
  check('EventID', num(record.eventId), systemValue(sample, 'EventID'));
  check('Qualifiers', num(record.qualifiers), systemValue(sample, 'EventID_Qualifiers'));
  // An absent <Version> renders as "" in python-evtx; EventRecord.version is then 0.
  check('Version', systemValue(sample, 'Version') === null && record.version === 0 ? null : num(record.version), systemValue(sample, 'Version'));
  check('Level', num(record.level), systemValue(sample, 'Level'));
  check('Task', num(record.task), systemValue(sample, 'Task'));
  check('Opcode', num(record.opcode), systemValue(sample, 'Opcode'));
  check('Keywords', record.keywords, systemValue(sample, 'Keywords'));
  check('TimeCreated', record.timeCreated, systemValue(sample, 'TimeCreated_SystemTime'));
  check('EventRecordID', num(record.recordId), systemValue(sample, 'EventRecordID'));
  check('ProcessID', num(record.processId), systemValue(sample, 'Execution_ProcessID'));
  check('ThreadID', num(record.threadId), systemValue(sample, 'Execution_ThreadID'));
  check('Channel', record.channel === '' ? null : record.channel, systemValue(sample, 'Channel'));
  check('Computer', record.computer === '' ? null : record.computer, systemValue(sample, 'Computer'));
  check('UserID', record.userSid, systemValue(sample, 'Security_UserID'));
  check('Provider.Name', record.provider.name, sample.Provider.Name);
  check('Provider.Guid', record.provider.guid, sample.Provider.Guid || null);
  check('Provider.EventSourceName', record.provider.eventSourceName, sample.Provider.EventSourceName || null);
  if (record.dataKind !== sample.DataKind) problems.push(`DataKind: ours ${record.dataKind}, reference ${sample.DataKind}`);

  const expected = expectedEventData(sample);
  const matched = new Set<string>();
  for (const [key, theirs] of expected) {
    const mine = ourKey(record, key);
    if (mine === undefined) {
      problems.push(`EventData.${key}: missing (reference ${JSON.stringify(theirs)})`);
      continue;
    }
    matched.add(mine);
    check(`EventData.${key}`, record.eventData[mine], theirs);
  }
  for (const key of Object.keys(record.eventData)) {
    if (!matched.has(key)) problems.push(`EventData.${key}: extra (ours ${JSON.stringify(record.eventData[key])})`);
  }
  return problems;
}

export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}
