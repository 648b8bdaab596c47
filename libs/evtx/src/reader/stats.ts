/** What reading one recording found, besides the records themselves. */
export interface EvtxStats {
  /** The file path, or "<buffer>". */
  file: string;
  /** "major.minor" from the file header, null when there is no file header. */
  formatVersion: string | null;
  /** The file header's dirty flag (log not closed cleanly), null without header. */
  fileDirty: boolean | null;
  /** Chunk count the file header claims (often stale in dirty logs), null without header. */
  headerChunkCount: number | null;
  /** 64 KiB slots in the file after the header block. */
  chunkSlots: number;
  /** Slots with a chunk header that were read. */
  chunksRead: number;
  recordsYielded: number;
  /** Records found past the chunk header's free-space offset (dirty logs, BUG-02). */
  recordsRecovered: number;
  /** Records yielded with flags.partial (some field could not be decoded). */
  recordsPartial: number;
  /** Chunk-sized regions that are damaged: junk without chunk magic, or chunks whose checksums fail. */
  damagedChunks: DamagedChunk[];
  /** All-zero 64 KiB slots: preallocated slack, not damage. */
  zeroSlots: number;
  recordErrors: RecordErrors;
  warnings: string[];
}

export interface DamagedChunk {
  /** Slot index in file order (0 = first slot after the file header). */
  index: number;
  fileOffset: number;
  reason: string;
  /** Records still read from it (0 when it was skipped). */
  recordsRead: number;
}

export interface RecordErrors {
  /** Records that could not be rendered at all (not yielded), and damaged record structures. */
  count: number;
  /** The first few, with where they are. */
  first: RecordErrorDetail[];
}

export interface RecordErrorDetail {
  chunkIndex: number;
  /** Offset of the record in the file. */
  fileOffset: number;
  /** Record id from the record header, when it could be read. */
  recordId: number | null;
  message: string;
}

export const MAX_RECORD_ERROR_DETAILS = 50;
export const MAX_WARNINGS = 100;

export function emptyStats(file: string): EvtxStats {
  return {
    file,
    formatVersion: null,
    fileDirty: null,
    headerChunkCount: null,
    chunkSlots: 0,
    chunksRead: 0,
    recordsYielded: 0,
    recordsRecovered: 0,
    recordsPartial: 0,
    damagedChunks: [],
    zeroSlots: 0,
    recordErrors: { count: 0, first: [] },
    warnings: [],
  };
}

export function addWarning(stats: EvtxStats, message: string): void {
  if (stats.warnings.length < MAX_WARNINGS) stats.warnings.push(message);
  else if (stats.warnings.length === MAX_WARNINGS) stats.warnings.push('further warnings omitted');
}

export function addRecordError(stats: EvtxStats, detail: RecordErrorDetail): void {
  stats.recordErrors.count++;
  if (stats.recordErrors.first.length < MAX_RECORD_ERROR_DETAILS) stats.recordErrors.first.push(detail);
}
