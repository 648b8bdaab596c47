import { ChunkBinXml } from '../binxml/parser';
import type { TemplateCache } from '../binxml/template-cache';
import type { EventRecord } from '../event-record';
import { recordsCrcOk } from '../format/chunk-header';
import { CHUNK_HEADER_SIZE, RECORD_HEADER_SIZE, RECORD_MAGIC, RECORD_MIN_SIZE } from '../format/layout-constants';
import { RecordRenderer } from '../mapping/record-renderer';
import type { ChunkSlot } from './layout';
import { addRecordError, addWarning, type EvtxStats } from './stats';

/** BinXML fragment header that every record's event data starts with. */
const FRAGMENT_HEADER = 0x0001010f;
/** Records start 8-byte aligned; a resynchronising scan only looks there. */
const RECORD_ALIGNMENT = 8;

function readRecordId(chunk: Buffer, at: number): number {
  return chunk.readUInt32LE(at + 8) + chunk.readUInt32LE(at + 12) * 4294967296;
}

/**
 * Reads the records of one chunk (already in memory) in file order.
 *
 * - Clean chunk of a clean file: records from 0x200 up to the free-space
 *   offset, clamped to the chunk (BUG-01). Four zero bytes where a record
 *   magic should be mean the end of the records, not an error.
 * - Dirty file, or a checksum fails: keep walking past the free-space offset
 *   while positions hold well-formed records (magic, size, trailing size copy)
 *   with consecutive ids; those are flagged `recovered` (BUG-02).
 * - A damaged record (impossible size, torn: size copy differs) is counted and
 *   skipped; reading goes on at the next well-formed record only when its id
 *   continues the sequence, since anything else is stale data from an older
 *   generation of the chunk.
 */
export class ChunkWalker {
  private readonly renderer: RecordRenderer;
  private readonly careful: boolean;
  private readonly declaredEnd: number;
  private readonly checksumProblem: string | null;
  private recordsRead = 0;

  constructor(
    private readonly chunk: Buffer,
    private readonly slot: ChunkSlot,
    file: { dirty: boolean; noCrc32: boolean },
    private readonly stats: EvtxStats,
    templates: TemplateCache | null = null,
  ) {
    this.renderer = new RecordRenderer(new ChunkBinXml(chunk, templates));
    const header = slot.header;
    // Without maintained checksums nothing vouches for the header: walk by structure, report nothing.
    const unchecked = file.noCrc32 || header.noCrc32;
    const headerCrcOk = unchecked || header.headerCrcOk;
    // A free-space offset outside the chunk (BUG-01) leaves the records CRC uncheckable, not wrong.
    const checkable = header.freeSpaceOffset >= CHUNK_HEADER_SIZE && header.freeSpaceOffset <= chunk.length;
    const crcOk = unchecked || !checkable || recordsCrcOk(chunk, header);
    this.careful = file.dirty || unchecked || !checkable || !headerCrcOk || !crcOk;
    if (!checkable) {
      addWarning(stats, `chunk ${slot.index}: free-space offset 0x${header.freeSpaceOffset.toString(16)} is outside the chunk; records read by structure`);
    }
    this.declaredEnd = Math.max(CHUNK_HEADER_SIZE, Math.min(header.freeSpaceOffset, chunk.length));
    const problems: string[] = [];
    if (!headerCrcOk) problems.push('chunk header CRC32 does not match');
    if (!crcOk) problems.push('records CRC32 does not match');
    this.checksumProblem = problems.length > 0 ? `${problems.join('; ')}; records read by structure` : null;
  }

  *records(): Generator<EventRecord> {
    try {
      yield* this.walk();
    } finally {
      // Also when the consumer stops early: the chunk's damage is known from its header.
      if (this.checksumProblem !== null) {
        this.stats.damagedChunks.push({
          index: this.slot.index,
          fileOffset: this.slot.fileOffset,
          reason: this.checksumProblem,
          recordsRead: this.recordsRead,
        });
      }
    }
  }

  private *walk(): Generator<EventRecord> {
    const chunk = this.chunk;
    const limit = chunk.length;
    let p = CHUNK_HEADER_SIZE;
    // Until a record is read, the header's first id is the best guess of what comes next.
    let expectedId: number | null = this.slot.header.headerCrcOk ? this.slot.header.firstRecordId : null;
    for (;;) {
      if (p + RECORD_HEADER_SIZE > limit) break;
      const pastDeclared = p >= this.declaredEnd;
      if (pastDeclared && !this.careful) break;
      if (chunk.readUInt32LE(p) !== RECORD_MAGIC) {
        // The records end here. Before the header's free-space offset that means the
        // header overstated them (zero padding or stale slack after them, BUG-01): not damage.
        if (!pastDeclared) this.warnOverstated(p);
        break;
      }
      const size = chunk.readUInt32LE(p + 4);
      const id = readRecordId(chunk, p);
      if (size < RECORD_MIN_SIZE || p + size > limit) {
        if (pastDeclared) break;
        this.recordError(p, id, `record size ${size} is impossible here`);
        const next = this.resync(p, expectedId);
        if (next < 0) break;
        p = next;
        continue;
      }
      // Past the declared end only a continuation of the sequence is a record, not stale bytes.
      if (pastDeclared && p > CHUNK_HEADER_SIZE && expectedId !== null && id !== expectedId) break;
      if (chunk.readUInt32LE(p + size - 4) !== size) {
        if (pastDeclared) break;
        const torn = this.renderTorn(p, size, id);
        if (torn) {
          yield torn;
          expectedId = id + 1;
        }
        const next = this.resync(p, expectedId);
        if (next < 0) break;
        p = next;
        continue;
      }
      const record = this.renderRecord(p, size, id, pastDeclared);
      if (record) yield record;
      expectedId = id + 1;
      p += size;
    }
  }

  private renderRecord(p: number, size: number, id: number, recovered: boolean): EventRecord | null {
    try {
      const record = this.renderer.render(p, size, id, recovered);
      this.count(record);
      return record;
    } catch (error) {
      this.recordError(p, id, `cannot render: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  /**
   * A torn record (its trailing size copy differs: a write was cut off or the
   * slot was being overwritten) is kept only when it renders and its own
   * EventRecordID matches the record header, i.e. the event data is intact.
   */
  private renderTorn(p: number, size: number, id: number): EventRecord | null {
    const reason = `torn record: size ${size} but the trailing size copy is ${this.chunk.readUInt32LE(p + size - 4)}`;
    try {
      const record = this.renderer.render(p, size, id, false);
      if (this.renderer.lastSystemRecordId() === id) {
        record.flags.errors.unshift(reason);
        record.flags.partial = true;
        this.count(record);
        return record;
      }
      this.recordError(p, id, `${reason}; its event data does not hold the same EventRecordID`);
    } catch (error) {
      this.recordError(p, id, `${reason}; cannot render: ${error instanceof Error ? error.message : String(error)}`);
    }
    return null;
  }

  /**
   * Finds the next well-formed record after a damaged one, within the range
   * the chunk header vouches for, whose id continues the sequence (the damaged
   * record itself may be skipped). Returns -1 when there is none.
   */
  private resync(from: number, expectedId: number | null): number {
    if (expectedId === null) return -1;
    const chunk = this.chunk;
    const end = this.declaredEnd;
    const start = from - (from % RECORD_ALIGNMENT) + RECORD_ALIGNMENT;
    for (let q = start; q + RECORD_MIN_SIZE <= end; q += RECORD_ALIGNMENT) {
      if (chunk.readUInt32LE(q) !== RECORD_MAGIC) continue;
      const size = chunk.readUInt32LE(q + 4);
      if (size < RECORD_MIN_SIZE || q + size > chunk.length || chunk.readUInt32LE(q + size - 4) !== size) continue;
      if (chunk.readUInt32LE(q + RECORD_HEADER_SIZE) !== FRAGMENT_HEADER) continue;
      const id = readRecordId(chunk, q);
      if (id === expectedId || id === expectedId + 1) {
        addWarning(this.stats, `chunk ${this.slot.index}: resumed at record ${id} (offset 0x${q.toString(16)}) after a damaged record`);
        return q;
      }
    }
    return -1;
  }

  private count(record: EventRecord): void {
    this.recordsRead++;
    this.stats.recordsYielded++;
    if (record.flags.recovered) this.stats.recordsRecovered++;
    if (record.flags.partial) this.stats.recordsPartial++;
  }

  private warnOverstated(p: number): void {
    const header = this.slot.header;
    addWarning(
      this.stats,
      `chunk ${this.slot.index}: chunk header overstated: records end at 0x${p.toString(16)}, the header says free space starts at 0x${header.freeSpaceOffset.toString(16)} (last record id ${header.lastRecordId})`,
    );
  }

  private recordError(p: number, id: number | null, message: string): void {
    addRecordError(this.stats, {
      chunkIndex: this.slot.index,
      fileOffset: this.slot.fileOffset + p,
      recordId: id,
      message: `chunk ${this.slot.index}, offset 0x${p.toString(16)}${id === null ? '' : `, record ${id}`}: ${message}`,
    });
  }
}
