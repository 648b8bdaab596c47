import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSource } from '../src/reader/byte-source';
import {
  EvtxReader,
  NotEvtxError,
  dumpRecordJson,
  fileIdentity,
  openEvtxBuffer,
  openEvtxFile,
  summaryLine,
  type EventRecord,
  type EvtxStats,
} from '../src';
import { CHUNK_SIZE, ChunkWriter, eventTemplate, evtxFile, sub, systemValues, text, v, type ChunkOverrides, type Element } from './support/evtx-writer';

const template: Element = eventTemplate([{ el: 'EventData', children: [{ el: 'Data', attrs: [['Name', [text('N')]]], children: [sub(8)] }] }]);

/** A chunk holding records with the given ids (one template, defined by the first). */
function chunk(ids: number[], overrides: ChunkOverrides = {}, edit?: (w: ChunkWriter) => void): Buffer {
  const w = new ChunkWriter();
  let ref: ReturnType<ChunkWriter['event']> | null = null;
  for (const id of ids) ref = w.event(id, ref ?? template, [...systemValues(id), v.str(`value ${id}`)]);
  edit?.(w);
  return w.finish(overrides);
}

function read(file: Buffer): { records: EventRecord[]; stats: EvtxStats } {
  const reader = openEvtxBuffer(file, 'test.evtx');
  const records = [...reader.records()];
  return { records, stats: reader.stats };
}

const ids = (records: EventRecord[]) => records.map((r) => r.recordId);
const junk = () => Buffer.from(Array.from({ length: CHUNK_SIZE }, (_, i) => (i * 7919 + 13) & 0xff));

describe('chunk walking (R-REL-2, BUG-01, BUG-02, BUG-03)', () => {
  it('BUG-03: walks every chunk whatever the header count, in record-id order; junk counted as a damaged region, zero slots as slack', () => {
    const file = evtxFile([chunk([301, 302]), chunk([101, 102]), chunk([351, 352]), Buffer.alloc(CHUNK_SIZE), junk()], { chunkCount: 2 });
    const { records, stats } = read(file);
    expect(ids(records)).toEqual([101, 102, 301, 302, 351, 352]);
    expect(stats.damagedChunks).toEqual([{ index: 4, fileOffset: 4096 + 4 * CHUNK_SIZE, reason: expect.stringMatching(/^no chunk magic/), recordsRead: 0 }]);
    expect(stats.zeroSlots).toBe(1);
    expect(stats.chunkSlots).toBe(5);
    expect(stats.chunksRead).toBe(3);
    expect(stats.headerChunkCount).toBe(2);
    expect(stats.warnings).toContain('file header counts 2 chunks but 3 chunks were found (stale header)');
    expect(stats.recordErrors.count).toBe(0);
  });

  it('orders a chunk with a bad header CRC by its first record id', () => {
    const file = evtxFile([chunk([20, 21], { firstRecordId: 1, breakHeaderCrc: true }), chunk([10, 11])]);
    const { records, stats } = read(file);
    expect(ids(records)).toEqual([10, 11, 20, 21]);
    expect(stats.damagedChunks).toEqual([{ index: 0, fileOffset: 4096, reason: 'chunk header CRC32 does not match; records read by structure', recordsRead: 2 }]);
  });

  it('BUG-01: a header overstating records and free space: zero bytes end the chunk, no error, a warning', () => {
    const { records, stats } = read(evtxFile([chunk([1, 2, 3], { lastRecordId: 8, freeSpaceOffset: 0xfc38 })]));
    expect(ids(records)).toEqual([1, 2, 3]);
    expect(stats.recordErrors.count).toBe(0);
    expect(stats.damagedChunks).toEqual([]);
    expect(stats.warnings.join('\n')).toMatch(/chunk 0: chunk header overstated: records end at 0x[0-9a-f]+, the header says free space starts at 0xfc38/);
  });

  it('BUG-01 variant: a free-space offset past the chunk is clamped; nothing is read outside the chunk', () => {
    // Records in the next slot must not leak into this chunk's walk.
    const { records, stats } = read(evtxFile([chunk([1, 2, 3], { lastRecordId: 8, freeSpaceOffset: 0x12000 }), chunk([4, 5])]));
    expect(ids(records)).toEqual([1, 2, 3, 4, 5]);
    expect(stats.recordErrors.count).toBe(0);
    expect(stats.damagedChunks).toEqual([]);
    expect(stats.warnings[0]).toMatch(/free-space offset 0x12000 is outside the chunk/);
  });

  function staleHeaderChunk(extra: (w: ChunkWriter) => void = () => undefined, overrides: ChunkOverrides = {}): Buffer {
    const w = new ChunkWriter();
    let ref = w.event(1, template, [...systemValues(1), v.str('value 1')]);
    for (const id of [2, 3]) ref = w.event(id, ref, [...systemValues(id), v.str(`value ${id}`)]);
    const headerEnd = w.pos;
    const lastRecordOffset = w.recordOffsets[2];
    for (const id of [4, 5]) w.event(id, ref, [...systemValues(id), v.str(`value ${id}`)]);
    extra(w);
    return w.finish({ freeSpaceOffset: headerEnd, lastRecordId: 3, lastRecordOffset, ...overrides });
  }

  it('BUG-02: in a dirty file, records past the stale free-space offset are read and flagged recovered', () => {
    const { records, stats } = read(evtxFile([staleHeaderChunk()], { flags: 0x1, nextRecordId: 1 }));
    expect(ids(records)).toEqual([1, 2, 3, 4, 5]);
    expect(records.map((r) => r.flags.recovered)).toEqual([false, false, false, true, true]);
    expect(stats.recordsRecovered).toBe(2);
    expect(stats.recordErrors.count).toBe(0);
  });

  it('BUG-02: a clean file with good checksums trusts its chunk header (slack past it is not read)', () => {
    const { records } = read(evtxFile([staleHeaderChunk()]));
    expect(ids(records)).toEqual([1, 2, 3]);
  });

  it('BUG-02: a failing records CRC also makes the walk go past the free-space offset', () => {
    const { records, stats } = read(evtxFile([staleHeaderChunk(undefined, { breakRecordsCrc: true })]));
    expect(ids(records)).toEqual([1, 2, 3, 4, 5]);
    expect(stats.damagedChunks[0].reason).toBe('records CRC32 does not match; records read by structure');
    expect(stats.damagedChunks[0].recordsRead).toBe(5);
  });

  it('past the free-space offset only records continuing the id sequence are taken (stale slack is not)', () => {
    const file = evtxFile(
      [
        staleHeaderChunk((w) => {
          w.event(9, { offset: w.recordOffsets[0] + 24 + 10, id: 1 }, [...systemValues(9), v.str('stale')]);
        }),
      ],
      { flags: 0x1 },
    );
    expect(ids(read(file).records)).toEqual([1, 2, 3, 4, 5]);
  });

  it('a record with an impossible size is counted; reading resumes at the next record whose id continues the sequence', () => {
    const c = chunk([1, 2, 3, 4], {}, (w) => w.buf.writeUInt32LE(0, w.recordOffsets[1] + 4));
    const { records, stats } = read(evtxFile([c]));
    expect(ids(records)).toEqual([1, 3, 4]);
    expect(stats.recordErrors.count).toBe(1);
    expect(stats.recordErrors.first[0].message).toMatch(/chunk 0, offset 0x[0-9a-f]+, record 2: record size 0 is impossible here/);
    expect(stats.warnings.join('\n')).toMatch(/resumed at record 3/);
  });

  it('a torn record (size copy differs) whose event data is intact is yielded flagged partial', () => {
    const c = chunk([1, 2, 3], {}, (w) => {
      const at = w.recordOffsets[1];
      w.buf.writeUInt32LE(0, at + w.buf.readUInt32LE(at + 4) - 4);
    });
    const { records, stats } = read(evtxFile([c]));
    expect(ids(records)).toEqual([1, 2, 3]);
    expect(records[1].flags).toEqual({ recovered: false, partial: true, errors: [expect.stringMatching(/^torn record: size \d+ but the trailing size copy is 0$/)] });
    expect(stats.recordErrors.count).toBe(0);
  });

  it('a torn record whose values were zeroed (EventRecordID no longer its own) is counted, not yielded', () => {
    const c = chunk([1, 2, 3], {}, (w) => {
      // Record 2 references the template (10 bytes after the fragment header); zero its values onwards.
      const at = w.recordOffsets[1];
      w.buf.fill(0, at + 24 + 4 + 10, at + w.buf.readUInt32LE(at + 4));
    });
    const { records, stats } = read(evtxFile([c]));
    expect(ids(records)).toEqual([1, 3]);
    expect(stats.recordErrors.first[0].message).toMatch(/record 2: torn record: .*does not hold the same EventRecordID/);
  });

  it('a truncated last chunk yields the records it still holds', () => {
    const full = evtxFile([chunk([1, 2, 3])]);
    const lastRecordEnd = 4096 + 512 + 3000;
    const { records, stats } = read(full.subarray(0, Math.min(full.length, lastRecordEnd)));
    expect(ids(records).length).toBeGreaterThan(0);
    expect(stats.warnings.join('\n')).toMatch(/chunk 0 is truncated/);
  });
});

describe('file header handling', () => {
  it.each([
    [2, 1],
    [4, 1],
  ])('reads unknown format %i.%i with a warning naming the version, never crashing', (major, minor) => {
    const { records, stats } = read(evtxFile([chunk([1, 2])], { major, minor }));
    expect(ids(records)).toEqual([1, 2]);
    expect(stats.formatVersion).toBe(`${major}.${minor}`);
    expect(stats.warnings).toContain(`unknown .evtx format version ${major}.${minor}; read as version 3`);
  });

  it.each([0, 1, 2])('reads format 3.%i without warnings', (minor) => {
    const { records, stats } = read(evtxFile([chunk([1, 2])], { minor }));
    expect(ids(records)).toEqual([1, 2]);
    expect(stats.warnings).toEqual([]);
  });

  it('a file header CRC mismatch is a warning; flag 0x4 (no checksums) is read by structure without damage', () => {
    expect(read(evtxFile([chunk([1])], { breakCrc: true })).stats.warnings).toEqual(['file header CRC32 does not match']);
    const noCrc = read(evtxFile([chunk([1, 2], { breakHeaderCrc: true, breakRecordsCrc: true, flags: 0x4 })], { flags: 0x4, breakCrc: true }));
    expect(ids(noCrc.records)).toEqual([1, 2]);
    expect(noCrc.stats.damagedChunks).toEqual([]);
  });

  it('reads chunks of a file without "ElfFile" header (a carved chunk), with a warning', () => {
    const { records, stats } = read(Buffer.concat([Buffer.alloc(100, 0x55), chunk([7, 8])]));
    expect(ids(records)).toEqual([7, 8]);
    expect(stats.warnings).toContain('no "ElfFile" file header; chunks found from file offset 100');
    expect(stats.formatVersion).toBeNull();
  });

  it('throws NotEvtxError naming the file when there is neither "ElfFile" nor "ElfChnk"', () => {
    expect(() => openEvtxBuffer(Buffer.from('MZ this is not an event log'), 'C:/tmp/notes.txt')).toThrow(
      new NotEvtxError('C:/tmp/notes.txt', 'no "ElfFile" header and no "ElfChnk" chunk anywhere'),
    );
    expect(() => openEvtxBuffer(Buffer.from('x'), 'a.bin')).toThrow('a.bin: not an .evtx file');
  });

  it('an empty file is not an error: no records, a warning', () => {
    const { records, stats } = read(Buffer.alloc(0));
    expect(records).toEqual([]);
    expect(stats.warnings).toEqual(['file is empty']);
  });

  it('a header-only file yields nothing and is not an error', () => {
    const { records, stats } = read(evtxFile([]));
    expect(records).toEqual([]);
    expect(stats.chunkSlots).toBe(0);
  });
});

describe('file reader, identity, dump', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysward-evtx-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a file chunk by chunk with bounded positioned reads, never the whole file', () => {
    const file = path.join(dir, 'big.evtx');
    fs.writeFileSync(file, evtxFile([chunk([1, 2]), chunk([3, 4]), chunk([5, 6]), Buffer.alloc(CHUNK_SIZE)]));
    const lengths: number[] = [];
    class CountingSource extends FileSource {
      override readInto(target: Buffer, position: number, length: number): number {
        lengths.push(length);
        return super.readInto(target, position, length);
      }
    }
    const reader = new EvtxReader(new CountingSource(file));
    try {
      expect(ids([...reader.records()])).toEqual([1, 2, 3, 4, 5, 6]);
      expect(Math.max(...lengths)).toBeLessThanOrEqual(CHUNK_SIZE);
      expect(lengths.filter((n) => n === CHUNK_SIZE)).toHaveLength(4);
    } finally {
      reader.close();
    }
  });

  it('throws NotEvtxError for a file that is not .evtx and closes it', () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'hello');
    expect(() => openEvtxFile(file)).toThrow(NotEvtxError);
  });

  it('yields the same records through the async iterator; stats restart with each iteration', async () => {
    const file = path.join(dir, 'async.evtx');
    fs.writeFileSync(file, evtxFile([chunk([1, 2]), chunk([3])]));
    const reader = openEvtxFile(file);
    try {
      const seen: number[] = [];
      for await (const record of reader.recordsAsync()) seen.push(record.recordId);
      expect(seen).toEqual([1, 2, 3]);
      expect(reader.stats.recordsYielded).toBe(3);
      expect(ids([...reader])).toEqual([1, 2, 3]);
      expect(reader.stats.recordsYielded).toBe(3);
    } finally {
      reader.close();
    }
  });

  it('fileIdentity is stable for a longer copy of the same log and differs between logs (R-MON-5)', () => {
    const a = path.join(dir, 'a.evtx');
    const aLonger = path.join(dir, 'a-longer.evtx');
    const b = path.join(dir, 'b.evtx');
    fs.writeFileSync(a, evtxFile([chunk([1, 2])], { nextRecordId: 3 }));
    fs.writeFileSync(aLonger, evtxFile([chunk([1, 2, 3, 4]), chunk([5])], { nextRecordId: 6 }));
    const other = new ChunkWriter();
    other.event(1, template, [...systemValues(1, 1, { time: '2024-05-05T00:00:00Z' }), v.str('value 1')]);
    fs.writeFileSync(b, evtxFile([other.finish()]));
    expect(fileIdentity(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(fileIdentity(aLonger)).toBe(fileIdentity(a));
    expect(fileIdentity(b)).not.toBe(fileIdentity(a));
  });

  it('dumpRecordJson writes one JSON object with exactly the dump keys; errors only when present', () => {
    const { records } = read(evtxFile([chunk([1])]));
    const parsed = JSON.parse(dumpRecordJson(records[0])) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'record_id',
      'time_created',
      'provider',
      'channel',
      'event_id',
      'version',
      'computer',
      'process_id',
      'thread_id',
      'user_sid',
      'event_data',
      'recovered',
      'partial',
    ]);
    expect(parsed).toMatchObject({
      record_id: 1,
      time_created: '2024-01-02T03:04:05.1234567Z',
      provider: { name: 'Microsoft-Windows-Sysmon', guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}' },
      event_data: { N: 'value 1' },
      user_sid: 'S-1-5-18',
      process_id: null,
    });
    const partial = { ...records[0], flags: { recovered: true, partial: true, errors: ['x'] } };
    expect(JSON.parse(dumpRecordJson(partial))).toMatchObject({ recovered: true, partial: true, errors: ['x'] });
    expect(dumpRecordJson({ ...records[0], eventData: { s: '\uFFFD😀"\n' } })).toContain('"s":"\uFFFD😀\\"\\n"');
  });

  it('summaryLine names the file and the counts', () => {
    const reader = openEvtxBuffer(evtxFile([chunk([1, 2]), junk()]), 'x.evtx');
    [...reader];
    expect(summaryLine(reader.stats)).toBe('x.evtx: records 2, recovered 0, damaged chunks 1, record errors 0');
  });
});
