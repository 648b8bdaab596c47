/**
 * Real Sysmon records from the shared corpus (R-EV-3, R-EV-4): every sample record of
 * ids 1, 3, 8, 10, 13 in corpus/evtx/*.expected.json, rebuilt as the EventRecord the
 * .evtx reader produces, normalises with no parse errors, and every EventData field is
 * in its typed slot or in extra_fields. Sysmon 4 and 16 samples go to health.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EventRecord } from '@sysward/evtx';
import { canonicalSystemTime, normalise, normaliseGuid, SYSMON_PAYLOADS } from '../src';
import { describeWithCorpus } from '../../../tools/testing/corpus';
import { CONTEXT, eventOf } from './helpers/records';

interface Sample {
  System: Record<string, string | number | null>;
  Provider: { Name: string; Guid: string | null; EventSourceName: string | null };
  DataKind: EventRecord['dataKind'];
  EventData: Record<string, string> | null;
  evtxexport_renders_differently?: Record<string, string>;
}

const TYPED_KINDS_WITHOUT_VALUE = new Set(['', '-']);

/** The sample as the .evtx reader renders it: Windows spellings (evtxexport's values where python-evtx differs). */
function toEventRecord(sample: Sample): EventRecord {
  const sys = sample.System;
  const windows = sample.evtxexport_renders_differently ?? {};
  const num = (v: string | number | null | undefined): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
  const eventData: Record<string, string> = {};
  for (const [k, v] of Object.entries(sample.EventData ?? {})) eventData[k] = windows[`EventData.${k}`] ?? v;
  const time = windows['System.TimeCreated_SystemTime'] ?? String(sys.TimeCreated_SystemTime);
  return {
    recordId: Number(sys.EventRecordID),
    timeCreated: canonicalSystemTime(time),
    provider: {
      name: sample.Provider.Name,
      guid: sample.Provider.Guid ? normaliseGuid(sample.Provider.Guid) : null,
      eventSourceName: sample.Provider.EventSourceName,
    },
    channel: String(sys.Channel),
    eventId: Number(sys.EventID),
    qualifiers: num(sys.EventID_Qualifiers),
    version: Number(sys.Version),
    level: num(sys.Level),
    task: num(sys.Task),
    opcode: num(sys.Opcode),
    keywords: sys.Keywords ? String(sys.Keywords) : null,
    computer: String(sys.Computer),
    processId: num(sys.Execution_ProcessID),
    threadId: num(sys.Execution_ThreadID),
    userSid: sys.Security_UserID ? String(sys.Security_UserID) : null,
    dataKind: sample.DataKind,
    eventData,
    flags: { recovered: false, partial: false, errors: [] },
  };
}

describeWithCorpus('corpus samples of Sysmon 1, 3, 8, 10, 13 normalise cleanly (R-EV-3, R-EV-4)', (corpus) => {
  const files = fs.readdirSync(path.join(corpus, 'evtx')).filter((f) => f.endsWith('.expected.json')).sort();
  const forwarded: [string, number, Sample][] = [];
  const health: [string, number, Sample][] = [];
  for (const file of files) {
    const expected = JSON.parse(fs.readFileSync(path.join(corpus, 'evtx', file), 'utf8')) as { samples?: Record<string, Sample[]> };
    for (const [eid, samples] of Object.entries(expected.samples ?? {})) {
      for (const s of samples) {
        if (['1', '3', '8', '10', '13'].includes(eid)) forwarded.push([file, Number(s.System.EventRecordID), s]);
        if (['4', '16'].includes(eid)) health.push([file, Number(s.System.EventRecordID), s]);
      }
    }
  }

  it('finds samples of all five ids', () => {
    expect(new Set(forwarded.map(([, , s]) => Number(s.System.EventID)))).toEqual(new Set([1, 3, 8, 10, 13]));
    expect(forwarded.length).toBeGreaterThan(100);
  });

  it.each(forwarded)('%s record %i', (_file, _recordId, sample) => {
    const event = eventOf(normalise(toEventRecord(sample), CONTEXT));
    expect(event.parseErrors).toEqual([]);
    expect(event.fieldShiftSuspected).toBeFalsy();
    const spec = SYSMON_PAYLOADS.get(event.eventId)!;
    const payload = event[spec.payloadName] as unknown as Record<string, unknown>;
    for (const [name, raw] of Object.entries(sample.EventData ?? {})) {
      if (Object.prototype.hasOwnProperty.call(event.extraFields, name)) continue;
      const field = spec.byLowerName.get(name.toLowerCase());
      expect([name, field !== undefined]).toEqual([name, true]);
      const value = payload[field!.slot];
      const isSet = value !== null && value !== undefined;
      const mayBeUnset = field!.kind !== 'text' && TYPED_KINDS_WITHOUT_VALUE.has(raw);
      expect([name, raw, isSet || mayBeUnset]).toEqual([name, raw, true]);
    }
  });

  it.each(health)('%s record %i (Sysmon health event)', (_file, _recordId, sample) => {
    const result = normalise(toEventRecord(sample), CONTEXT);
    expect(result.kind).toBe('health');
    // Record 508 of issue_43 (EID 16) holds garbage that Sysmon itself wrote; the
    // corpus sample is already valid UTF-16, so no field may fail here.
    expect(eventOf(result).parseErrors).toEqual([]);
  });

  it('the fixture copy of focus_fields_by_schema_version.json is identical to the corpus file', () => {
    const fixture = fs.readFileSync(path.join(__dirname, 'fixtures', 'sysmon-schema', 'focus_fields_by_schema_version.json'));
    const original = fs.readFileSync(path.join(corpus, 'sysmon-schema', 'focus_fields_by_schema_version.json'));
    expect(fixture.equals(original)).toBe(true);
  });
});
