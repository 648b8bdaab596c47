import type { EventRecord } from '../event-record';
import { CHUNK_SIZE } from '../format/layout-constants';
import { BufferSource, FileSource, type ByteSource } from './byte-source';
import { TemplateCache } from '../binxml/template-cache';
import { ChunkWalker } from './chunk-walker';
import { scanLayout, type FileLayout } from './layout';
import { emptyStats, type EvtxStats } from './stats';

/**
 * Streaming reader of one .evtx recording. Opening it reads only the file
 * header and the chunk headers (to find every chunk, whatever the header
 * says, and to order them by record id). Iterating reads one 64 KiB chunk at
 * a time into a reused buffer, so memory stays bounded whatever the file size.
 *
 * `stats` describes the last (or current) iteration: records yielded and
 * recovered, damaged chunks, zero slots, record errors and warnings.
 */
export class EvtxReader implements Iterable<EventRecord> {
  readonly stats: EvtxStats;
  private readonly layout: FileLayout;
  private readonly layoutStats: EvtxStats;

  constructor(private readonly source: ByteSource) {
    this.layoutStats = emptyStats(source.label);
    this.layout = scanLayout(source, this.layoutStats);
    this.stats = emptyStats(source.label);
    this.resetStats();
  }

  private resetStats(): void {
    const fresh: EvtxStats = structuredClone(this.layoutStats);
    Object.assign(this.stats, fresh);
  }

  [Symbol.iterator](): Iterator<EventRecord> {
    return this.records();
  }

  /** Records in record-id order (chunks sorted by their first record id). */
  *records(): Generator<EventRecord> {
    this.resetStats();
    const buffer = Buffer.alloc(CHUNK_SIZE);
    // Without a file header there is nothing saying the log was closed cleanly.
    const fileHeader = this.layout.fileHeader;
    const file = { dirty: fileHeader === null || fileHeader.dirty, noCrc32: fileHeader?.noCrc32 ?? false };
    const templates = new TemplateCache();
    for (const slot of this.layout.chunks) {
      const chunk = this.chunkBytes(slot.fileOffset, slot.length, buffer);
      this.stats.chunksRead++;
      yield* new ChunkWalker(chunk, slot, file, this.stats, templates).records();
    }
  }

  /**
   * The same records for async consumers. Chunks are still read with
   * positioned synchronous reads (64 KiB, from the page cache in practice);
   * the event loop gets a turn after every chunk.
   */
  async *recordsAsync(): AsyncGenerator<EventRecord> {
    let chunksSeen = -1;
    for (const record of this.records()) {
      if (this.stats.chunksRead !== chunksSeen) {
        chunksSeen = this.stats.chunksRead;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      yield record;
    }
  }

  private chunkBytes(fileOffset: number, length: number, buffer: Buffer): Buffer {
    const view = this.source.view(fileOffset, length);
    if (view !== null && view.length === CHUNK_SIZE) return view;
    const n = this.source.readInto(buffer, fileOffset, length);
    // A truncated last chunk reads as zeros past the end of the file: the walk stops there.
    buffer.fill(0, n);
    return buffer;
  }

  close(): void {
    this.source.close();
  }
}

/** Opens a recording on disk. Throws NotEvtxError when it is not .evtx at all. */
export function openEvtxFile(path: string): EvtxReader {
  const source = new FileSource(path);
  try {
    return new EvtxReader(source);
  } catch (error) {
    source.close();
    throw error;
  }
}

/** A reader over a recording already in memory (tests, the monitor's live path). */
export function openEvtxBuffer(bytes: Buffer, label = '<buffer>'): EvtxReader {
  return new EvtxReader(new BufferSource(bytes, label));
}

/** Reads every record of a file and closes it; for small files and tests. */
export function readEvtxFile(path: string): { records: EventRecord[]; stats: EvtxStats } {
  const reader = openEvtxFile(path);
  try {
    const records = [...reader.records()];
    return { records, stats: reader.stats };
  } finally {
    reader.close();
  }
}
