import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeWithCorpus, listEvtx } from '../../../tools/testing/corpus';
import { readEvtxFile, type EventRecord, type EvtxStats } from '../src';

interface CraftedExpectation {
  case: string;
  base: string;
  /** Record numbers from the record headers (the base files' EventRecordIDs may differ). */
  record_ids: number[];
  recovered_record_ids?: number[];
  damaged_regions?: number;
  errors_allowed?: number;
  time_created?: Record<string, string>;
  strict?: boolean;
  right: string;
}

interface BaseExpectation {
  first_record_id: number;
  chunks: Array<{ first_record: number }>;
}

/**
 * The crafted files list record-header numbers. Their base recordings were
 * exported, so EventRecordID = header number + a constant offset, read from
 * the base file's expectations (first EventRecordID minus first header number).
 */
function eventRecordIdOffset(corpus: string, base: string): number {
  const expected = JSON.parse(fs.readFileSync(path.join(corpus, 'evtx', base.replace(/\.evtx$/, '.expected.json')), 'utf8')) as BaseExpectation;
  return expected.first_record_id - expected.chunks[0].first_record;
}

describeWithCorpus('crafted field-case recordings (BUG-01, BUG-02, BUG-03, BUG-05, BUG-07, format versions)', (corpus) => {
  const files = listEvtx(corpus, 'crafted');

  it('finds the 10 crafted recordings', () => {
    expect(files).toHaveLength(10);
  });

  describe.each(files.map((file) => [path.basename(file), file]))('%s', (name, file) => {
    const expected = JSON.parse(fs.readFileSync(file.replace(/\.evtx$/, '.expected.json'), 'utf8')) as CraftedExpectation;
    let records: EventRecord[] = [];
    let stats: EvtxStats;
    let offset = 0;

    beforeAll(() => {
      ({ records, stats } = readEvtxFile(file));
      offset = eventRecordIdOffset(corpus, expected.base);
    });

    it(`${expected.case}: yields exactly the expected records, in record-id order (${expected.right})`, () => {
      expect(records.map((r) => r.recordId - offset)).toEqual(expected.record_ids);
    });

    it(`${expected.case}: reports no record error and no partial record unless the case is about one`, () => {
      if (expected.case === 'BUG-05' || expected.case === 'BUG-07') return;
      expect(stats.recordErrors.count).toBe(expected.errors_allowed ?? 0);
      expect(records.filter((r) => r.flags.partial)).toEqual([]);
    });

    if (expected.recovered_record_ids) {
      it('BUG-02: records past the stale chunk header are flagged recovered, the others are not', () => {
        expect(records.filter((r) => r.flags.recovered).map((r) => r.recordId - offset)).toEqual(expected.recovered_record_ids);
        expect(stats.recordsRecovered).toBe(expected.recovered_record_ids?.length);
        expect(stats.fileDirty).toBe(true);
      });
    }

    if (expected.damaged_regions !== undefined) {
      it('BUG-03: counts the junk region as damaged, nothing else', () => {
        expect(stats.damagedChunks).toHaveLength(expected.damaged_regions ?? 0);
        expect(stats.damagedChunks[0].reason).toMatch(/no chunk magic/);
        expect(stats.warnings).toContain(`file header counts ${stats.headerChunkCount} chunks but 3 chunks were found (stale header)`);
      });
    }

    if (expected.case === 'BUG-01') {
      it('BUG-01: the overstated chunk header is a warning, not a failure; no damaged chunk', () => {
        expect(stats.damagedChunks).toEqual([]);
        expect(stats.warnings.join('\n')).toMatch(/chunk header overstated/);
      });
    }

    if (expected.time_created) {
      it('BUG-05: an all-ones TimeCreated is a field error (null, record partial); zero is 1601-01-01', () => {
        for (const [headerId, want] of Object.entries(expected.time_created ?? {})) {
          const record = records.find((r) => r.recordId - offset === Number(headerId));
          if (want.startsWith('invalid')) {
            expect(record?.timeCreated).toBeNull();
            expect(record?.flags.partial).toBe(true);
            expect(record?.flags.errors.join('\n')).toMatch(/invalid FILETIME 0xffffffffffffffff/);
          } else {
            expect(record?.timeCreated).toBe(want);
          }
        }
        expect(records.filter((r) => r.flags.partial)).toHaveLength(1);
      });
    }

    if (expected.case === 'BUG-07') {
      it('BUG-07: the records using the broken template render with the value empty and are flagged partial', () => {
        const partial = records.filter((r) => r.flags.partial);
        expect(partial.length).toBeGreaterThan(0);
        for (const record of partial) {
          expect(record.flags.errors.every((e) => /substitution index \d+ is past the \d+ values/.test(e))).toBe(true);
          expect(record.eventData.ParentCommandLine).toBe('');
          expect(record.eventData.Image).not.toBe('');
        }
        expect(stats.recordErrors.count).toBe(0);
      });
    }

    if (expected.case === 'format version') {
      it(expected.strict ? 'reads 3.0 and 3.2 like 3.1, without warnings' : 'reads an unknown major version with one warning naming it', () => {
        if (expected.strict) {
          expect(stats.warnings).toEqual([]);
        } else {
          expect(stats.warnings).toEqual([`unknown .evtx format version ${stats.formatVersion}; read as version 3`]);
          expect(name).toContain(stats.formatVersion ?? 'none');
        }
      });
    }
  });
});
