import * as path from 'node:path';
import { describeWithCorpus, listEvtx } from '../../../tools/testing/corpus';
import { readEvtxFile, type EventRecord, type EvtxStats } from '../src';
import { DELIBERATE_DIFFERENCES } from './support/deliberate-differences';
import { compareWithSample, countBy, loadExpected, type ExpectedFile, type ExpectedSample } from './support/expectations';

const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';
const FOCUS_EVENT_IDS = ['1', '3', '8', '10', '13', '25'];

interface CrossCheck {
  records: number;
  by_event_id?: Record<string, number>;
}

describeWithCorpus('evtx reader against the real corpus (R-MON-7, R-REL-2, R-EV-3)', (corpus) => {
  const files = listEvtx(corpus);

  it('finds the 36 recordings of the corpus', () => {
    expect(files).toHaveLength(36);
  });

  describe.each(files.map((file) => [path.basename(file), file]))('%s', (name, file) => {
    let records: EventRecord[] = [];
    let stats: EvtxStats;
    let expected: ExpectedFile;
    const difference = DELIBERATE_DIFFERENCES[name];

    beforeAll(() => {
      expected = loadExpected(file);
      ({ records, stats } = readEvtxFile(file));
    });

    it('yields the reference record count (records_rendered, or the documented deliberate difference)', () => {
      let want = expected.records_rendered;
      if (difference?.follow === 'evtxexport') want = expected.cross_check_evtxexport.records + difference.extraRecordIds.length;
      if (difference?.follow === 'none') want = difference.records ?? want;
      expect(records).toHaveLength(want);
      expect(stats.recordsYielded).toBe(want);
    });

    it('matches the per-event-id counts', () => {
      const extra = new Set(difference?.extraRecordIds ?? []);
      const ours = countBy(
        records.filter((r) => !extra.has(r.recordId)),
        (r) => String(r.eventId),
      );
      if (difference?.follow === 'none') {
        expect(Object.values(ours).reduce((a, b) => a + b, 0)).toBe(difference.records);
        return;
      }
      const reference =
        difference?.follow === 'evtxexport'
          ? (expected.cross_check_evtxexport as CrossCheck).by_event_id
          : expected.by_event_id;
      expect(ours).toEqual(reference);
      if (difference) expect(records.filter((r) => extra.has(r.recordId)).map((r) => r.recordId)).toEqual([...extra]);
    });

    it('yields records in record-id order per channel, each id once (BUG-03)', () => {
      // Exported multi-channel files interleave each channel's own id sequence.
      const byChannel = new Map<string, number[]>();
      for (const r of records) byChannel.set(r.channel, [...(byChannel.get(r.channel) ?? []), r.recordId]);
      for (const [channel, ids] of byChannel) {
        for (let i = 1; i < ids.length; i++) expect({ channel, id: ids[i], after: ids[i - 1], ok: ids[i] > ids[i - 1] }).toMatchObject({ ok: true });
      }
      if (!difference && byChannel.size === 1) {
        expect(records[0].recordId).toBe(expected.min_record_id);
        expect(records[records.length - 1].recordId).toBe(expected.max_record_id);
      }
    });

    it('matches every sample field by field (GUID/bool case-insensitive, hex numeric, time at 100 ns)', () => {
      const byId = new Map(records.map((r) => [r.recordId, r]));
      const samples: ExpectedSample[] = [
        ...Object.values(expected.samples ?? {}).flat(),
        ...Object.values(expected.crash_and_boot_samples ?? {}).flat(),
      ];
      const problems: string[] = [];
      for (const sample of samples) {
        const id = Number(sample.System.EventRecordID);
        const record = byId.get(id);
        if (!record) {
          problems.push(`record ${id}: not yielded`);
          continue;
        }
        for (const p of compareWithSample(record, sample)) problems.push(`record ${id}: ${p}`);
        expect(record.flags.partial).toBe(false);
      }
      expect(problems).toEqual([]);
    });

    it('matches the Sysmon focus record ids (EIDs 1, 3, 8, 10, 13, 25) exactly', () => {
      const focus = expected.sysmon?.focus_record_ids;
      if (!focus) {
        expect(records.filter((r) => r.channel === SYSMON_CHANNEL)).toHaveLength(0);
        return;
      }
      for (const eid of FOCUS_EVENT_IDS) {
        const ours = records.filter((r) => r.channel === SYSMON_CHANNEL && r.eventId === Number(eid)).map((r) => r.recordId);
        expect({ eid, ids: ours }).toEqual({ eid, ids: [...(focus[eid] ?? [])].sort((a, b) => a - b) });
      }
    });

    it('gives every Sysmon record an EventData field list the reference saw for its event id (R-EV-4: by name, in order)', () => {
      const lists = expected.sysmon?.eventdata_field_names;
      const sysmon = records.filter((r) => r.channel === SYSMON_CHANNEL);
      if (!lists) {
        expect(sysmon).toHaveLength(0);
        return;
      }
      const odd = sysmon.filter((r) => !(lists[String(r.eventId)] ?? []).some((names) => JSON.stringify(names) === JSON.stringify(Object.keys(r.eventData))));
      expect(odd.map((r) => `${r.recordId}/${r.eventId}: ${Object.keys(r.eventData).join(',')}`)).toEqual([]);
    });

    it('reports no record error unless the file is documented as damaged', () => {
      const damaged = /DAMAGED|bad_checksum|incomplete|zero-data-size|bad_chunk_magic/i.test(name);
      if (!damaged) {
        expect(stats.recordErrors.count).toBe(0);
        expect(records.every((r) => !r.flags.partial)).toBe(true);
      }
    });
  });
});
