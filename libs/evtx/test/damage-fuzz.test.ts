import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeWithCorpus } from '../../../tools/testing/corpus';
import { openEvtxBuffer } from '../src';

/** A fixed-seed generator, so that a failure is reproducible. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describeWithCorpus('random damage never breaks the reader (R-REL-2)', (corpus) => {
  const sources = ['python-evtx__issue_43.evtx', 'omerbenamram-evtx__CAPI2_Operational_binxml_substitution_pi.evtx', 'omerbenamram-evtx__system.evtx'].map(
    (name) => fs.readFileSync(path.join(corpus, 'evtx', name)),
  );

  it('reads 150 randomly damaged copies without throwing; every problem is counted with chunk and offset', () => {
    const random = lcg(20240601);
    let records = 0;
    let errors = 0;
    for (let round = 0; round < 150; round++) {
      const source = sources[round % sources.length];
      const first = Math.floor(random() * 3);
      const file = Buffer.concat([source.subarray(0, 4096), source.subarray(4096 + first * 65536, 4096 + (first + 2) * 65536)]);
      const hits = 1 + Math.floor(random() * 30);
      for (let i = 0; i < hits; i++) {
        const at = 4096 + Math.floor(random() * (file.length - 4096));
        const mode = random();
        if (mode < 0.6) file[at] = Math.floor(random() * 256);
        else if (mode < 0.8) file.fill(0, at, Math.min(file.length, at + Math.floor(random() * 64)));
        else file.fill(0xff, at, Math.min(file.length, at + Math.floor(random() * 16)));
      }
      const reader = openEvtxBuffer(file, `round ${round}`);
      for (const record of reader.records()) {
        records++;
        expect(Number.isInteger(record.recordId)).toBe(true);
        expect(record.flags.partial).toBe(record.flags.errors.length > 0);
        expect(() => JSON.stringify(record)).not.toThrow();
      }
      errors += reader.stats.recordErrors.count;
      for (const detail of reader.stats.recordErrors.first) {
        expect(detail.message).toMatch(/^chunk \d+, offset 0x[0-9a-f]+(, record \d+)?: /);
        expect(detail.message).not.toMatch(/ERR_OUT_OF_RANGE|undefined|Cannot read/);
      }
    }
    // The damage is real (errors are found) and most records survive it.
    expect(errors).toBeGreaterThan(50);
    expect(records).toBeGreaterThan(10000);
  });
});
